import type { Person } from './types'

export const people = [
  { id: 'lei-jun', name: 'Lei Jun', role: 'Founder and CEO, Xiaomi', support: ['L2: Founder Lei Jun', 'L45: Xiaomi CEO Lei Jun'] },
  { id: 'wang-ning', name: 'Wang Ning', role: 'Reporter who interviewed Lei Jun for CCTV', support: ['L6: a December 2023 interview between Lei Jun and reporter Wang Ning, broadcast on CCTV'] },
  { id: 'cctv-narrator', name: 'Narrator', role: 'CCTV programme narrator', support: ['L23: Narrator:', 'L6: broadcast on CCTV'] },
  { id: 'chinatalk', name: 'ChinaTalk', role: 'Publisher of the article, whose introduction is unsigned', support: ['L3: In this piece, we let you hear Lei Jun in his own words, through two translated excerpts.', 'L6: The following excerpt is an original ChinaTalk translation'] },
  { id: 'angela', name: 'Angela', role: 'Writer of the article’s commentary', support: ['L42: [Angela writing]', 'L65: [Angela writing again]'] },
  { id: 'liu-fang', name: 'Liu Fang', nameZh: '刘方', role: 'Former autonomous-driving head, one of the engineers who left', support: ['L42: Attrition was another problem: high-profile engineers departed, with Liu Fang 刘方 (former autonomous-driving head) leaving to start his own robot firm'] },
  { id: 'ren-zeyu', name: 'Ren Zeyu', nameZh: '任赜宇', role: 'Humanoid specialist who moved to ByteDance', support: ['L42: high-profile engineers departed', 'L42: humanoid specialist Ren Zeyu 任赜宇 moving to ByteDance'] },
] as const satisfies readonly Person[]

export type PersonId = typeof people[number]['id']
