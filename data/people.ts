import type { Person } from './types'

export const people = [
  { id: 'lei-jun', name: 'Lei Jun', role: 'Founder and CEO, Xiaomi' },
  { id: 'wang-ning', name: 'Wang Ning', role: 'Reporter, CCTV' },
  { id: 'cctv-narrator', name: 'Narrator', role: 'CCTV programme narrator' },
  { id: 'angela', name: 'Angela', role: 'Writer, ChinaTalk' },
  { id: 'liu-fang', name: 'Liu Fang', nameZh: '刘方', role: 'Former autonomous-driving head, Xiaomi' },
  { id: 'ren-zeyu', name: 'Ren Zeyu', nameZh: '任赜宇', role: 'Humanoid specialist, Xiaomi' },
] as const satisfies readonly Person[]

export type PersonId = typeof people[number]['id']
