import type { TimelineEvent } from './types'

/**
 * Dated events, oldest first. Dates are only as precise as the source makes them: `approx`
 * carries its wording when it says "early" or "mid-" a year.
 */
export const timeline = [
  {
    id: 'wuhan-university',
    date: { iso: '1987', precision: 'year' },
    title: 'Enters Wuhan University',
    detail: 'Computer science, largely paid for by scholarships',
    source: 'cctv-2023',
  },
  {
    id: 'kingsoft',
    date: { iso: '1991', precision: 'year' },
    title: 'Joins Kingsoft',
    detail: 'From software engineer to executive',
    source: 'chinatalk-article',
  },
  {
    id: 'joyo-sold',
    date: { iso: '2004', precision: 'year' },
    title: 'Joyo.com sold to Amazon',
    detail: 'The online bookstore he founded',
    source: 'chinatalk-article',
  },
  {
    id: 'xiaomi-founded',
    date: { iso: '2010', precision: 'year' },
    title: 'Xiaomi founded',
    detail: 'With seven co-founders, around an Android ROM',
    source: 'chinatalk-article',
  },
  {
    id: 'mi-mix',
    date: { iso: '2016', precision: 'year' },
    title: 'Mi MIX concept',
    detail: 'Bezel-less phone; the first turn to hard tech',
    source: 'chinatalk-article',
  },
  {
    id: 'suppliers-2019',
    date: { iso: '2019', precision: 'year', approx: 'end of 2019' },
    title: '“A gale reveals the toughest grass”',
    detail: 'Told to suppliers in a hard year',
    source: 'anniversary-2025',
  },
  {
    id: 'ten-year-goal',
    date: { iso: '2020', precision: 'year' },
    title: 'Ten-year hard-tech goal',
    detail: 'And a five-year R&D pledge',
    source: 'cctv-2023',
  },
  {
    id: 'car-decision',
    date: { iso: '2021', precision: 'year', approx: 'early 2021' },
    title: 'Decides to build cars',
    detail: 'Fearing U.S. sanctions on phones',
    source: 'chinatalk-article',
  },
  {
    id: 'cyberdog',
    date: { iso: '2021', precision: 'year' },
    title: 'CyberDog',
    detail: 'Open-source robot companion',
    source: 'chinatalk-article',
  },
  {
    id: 'cyberone',
    date: { iso: '2022', precision: 'year' },
    title: 'CyberOne',
    detail: 'Full-sized humanoid; never mass-produced',
    source: 'chinatalk-article',
  },
  {
    id: 'cyberdog-2',
    date: { iso: '2023', precision: 'year' },
    title: 'CyberDog 2',
    detail: 'Sold at a loss',
    source: 'chinatalk-article',
  },
  {
    id: 'hyperos-release',
    date: { iso: '2023-12', precision: 'month' },
    title: 'HyperOS first version',
    detail: '“Just released”, Lei Jun tells CCTV',
    source: 'cctv-2023',
  },
  {
    id: 'su7-launch',
    date: { iso: '2024', precision: 'year' },
    title: 'SU7 launches',
    detail: 'A rapturous market reception',
    source: 'chinatalk-article',
  },
  {
    id: 'robotics-folded',
    date: { iso: '2024', precision: 'year', approx: 'by mid-2024' },
    title: 'Robotics Lab folded into autos',
    detail: 'Now builds robots for Xiaomi’s factory lines',
    source: 'chinatalk-article',
  },
  {
    id: 'su7-crash',
    date: { iso: '2025-03-29', precision: 'day' },
    title: 'Fatal SU7 crash',
    detail: 'Three students killed; Navigate-on-Autopilot was on',
    source: 'chinatalk-article',
  },
  {
    id: 'weibo-pledge',
    date: { iso: '2025-04-01', precision: 'day' },
    title: '“Never shy away”',
    detail: 'Lei Jun’s public pledge on Weibo',
    source: 'anniversary-2025',
  },
  {
    id: 'anniversary-speech',
    date: { iso: '2025-05-22', precision: 'day' },
    title: '15th-anniversary speech',
    detail: 'Contrition, a safety pledge, and the XRING O1 chip',
    source: 'anniversary-2025',
  },
  {
    id: 'profit-forecast',
    date: { iso: '2025-06-03', precision: 'day' },
    title: 'Auto profit forecast',
    detail: 'Lei Jun predicts a profit in Q2 2025',
    source: 'chinatalk-article',
  },
] as const satisfies readonly TimelineEvent[]

export type EventId = typeof timeline[number]['id']
