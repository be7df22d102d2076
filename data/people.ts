import type { Person } from './types'

export const people = [
  { id: 'lei-jun', name: 'Lei Jun', role: 'Founder and CEO, Xiaomi', support: ['L2: Founder Lei Jun', 'L45: Xiaomi CEO Lei Jun'] },
  { id: 'wang-ning', name: 'Wang Ning', role: 'Reporter, CCTV', support: ['L6: reporter Wang Ning, broadcast on CCTV'] },
  { id: 'cctv-narrator', name: 'Narrator', role: 'CCTV programme narrator', support: ['L23: Narrator:', 'L6: broadcast on CCTV'] },
  { id: 'angela', name: 'Angela', role: 'Writer, ChinaTalk', support: ['L42: [Angela writing]', 'L6: an original ChinaTalk translation'] },
  { id: 'liu-fang', name: 'Liu Fang', nameZh: '刘方', role: 'Former autonomous-driving head, Xiaomi', support: ['L42: Attrition was another problem: high-profile engineers departed, with Liu Fang 刘方 (former autonomous-driving head)', 'L42: reduced to building robots that service the company’s own factory lines', 'L42: 2021 marked Xiaomi’s leap into one dimension of hard tech'] },
  { id: 'ren-zeyu', name: 'Ren Zeyu', nameZh: '任赜宇', role: 'Humanoid specialist who left Xiaomi for ByteDance', support: ['L42: 2021 marked Xiaomi’s leap into one dimension of hard tech', 'L42: high-profile engineers departed', 'L42: humanoid specialist Ren Zeyu 任赜宇 moving to ByteDance'] },
] as const satisfies readonly Person[]

export type PersonId = typeof people[number]['id']
