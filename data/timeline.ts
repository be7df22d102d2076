import type { TimelineEvent } from './types'

/**
 * Dated events, oldest first. Dates are only as precise as the source makes them: `approx`
 * carries its wording when it says "early" or "mid-" a year. `support` gives the article lines
 * the date, title and detail rest on.
 */
export const timeline = [
  {
    id: 'wuhan-university',
    date: { iso: '1987', precision: 'year' },
    title: 'Enters Wuhan University',
    detail: 'Computer Science; lives on scholarships and professors’ projects',
    source: 'cctv-2023',
    support: ['L7: Let me start with some Wuhan University memories. Thirty-six years ago, in 1987, I was admitted to its Computer Science department. Back then I lived almost entirely on scholarships and professors’ projects'],
  },
  {
    id: 'kingsoft',
    date: { iso: '1991', precision: 'year' },
    title: 'Joins Kingsoft',
    detail: 'Engineer to executive, through product flops and near bankruptcy',
    source: 'chinatalk-article',
    support: [
      'L10: After graduating in 1991, Lei joined Kingsoft, a Chinese software company, where he progressed from software engineer to executive.',
      'L10: Kingsoft faced countless problems including product flops and near bankruptcy.',
    ],
  },
  {
    id: 'joyo-sold',
    date: { iso: '2004', precision: 'year' },
    title: 'Joyo.com sold to Amazon',
    detail: 'The online bookstore he founded',
    source: 'chinatalk-article',
    support: ['L10: He then went on to found an online bookstore, Joyo.com, which was sold to Amazon in 2004.'],
  },
  {
    id: 'xiaomi-founded',
    date: { iso: '2010', precision: 'year' },
    title: 'Xiaomi founded',
    detail: 'Seven co-founders, around a crowdsourced Android ROM',
    source: 'chinatalk-article',
    support: ['L5: he assembled seven co-founders in 2010 around a crowdsourced Android ROM that grew into Xiaomi'],
  },
  {
    id: 'mi-mix',
    date: { iso: '2016', precision: 'year' },
    title: 'Mi MIX concept',
    detail: 'Bezel-less; signalled a pivot from “internet hardware” to true hard tech',
    source: 'chinatalk-article',
    support: ['L5: the 2016 debut of the bezel-less Mi MIX concept signaled a pivot from “internet hardware” to true hard tech'],
  },
  {
    id: 'suppliers-2019',
    date: { iso: '2019', precision: 'year', approx: 'end of 2019' },
    title: '“A gale reveals the toughest grass”',
    detail: 'Told to supply-chain partners in a challenging year',
    source: 'anniversary-2025',
    support: ['L61: 2019 was a challenging period for us.', 'L61: At the suppliers’ conference at the end of that year, I told our supply-chain partners this line: “A gale reveals the toughest grass'],
  },
  {
    id: 'ten-year-goal',
    date: { iso: '2020', precision: 'year' },
    title: 'Ten-year hard-tech goal',
    detail: 'Set at the tenth anniversary, the CCTV narrator says',
    source: 'cctv-2023',
    support: ['L23: Narrator: In 2020, Xiaomi’s tenth anniversary, it set a ten-year goal to become a next-generation hard-tech leader', 'L6: broadcast on CCTV'],
  },
  {
    id: 'car-decision',
    date: { iso: '2021', precision: 'year', approx: 'early 2021' },
    title: 'Decides to diversify beyond phones',
    detail: 'After learning U.S. sanctions might hit Xiaomi',
    source: 'chinatalk-article',
    support: ['L43: In early 2021, Lei Jun learned that U.S. sanctions might hit Xiaomi and decided the firm had to diversify beyond phones.'],
  },
  {
    id: 'cyberdog',
    date: { iso: '2021', precision: 'year' },
    title: 'CyberDog',
    detail: 'Open-source robot companion',
    source: 'chinatalk-article',
    support: ['L42: 2021 marked Xiaomi’s leap into one dimension of hard tech, robotics, with the release of CyberDog, an open-source robot companion.'],
  },
  {
    id: 'cyberone',
    date: { iso: '2022', precision: 'year', derived: '“A year later” than CyberDog, which came in 2021' },
    title: 'CyberOne',
    detail: 'Full-sized humanoid; never mass-produced',
    source: 'chinatalk-article',
    support: ['L42: 2021 marked Xiaomi’s leap into one dimension of hard tech, robotics, with the release of CyberDog', 'L42: A year later came CyberOne, a full-sized humanoid', 'L42: CyberOne never reached mass production'],
  },
  {
    id: 'cyberdog-2',
    date: { iso: '2023', precision: 'year' },
    title: 'CyberDog 2',
    detail: 'Sales ran at a loss',
    source: 'chinatalk-article',
    support: ['L42: in 2023 the sleeker CyberDog 2', 'L42: CyberDog 2 sales ran at a loss'],
  },
  {
    id: 'hyperos-release',
    date: { iso: '2023-12', precision: 'month', approx: 'by December 2023' },
    title: 'HyperOS first version',
    detail: '“just released”, Lei Jun tells CCTV',
    source: 'cctv-2023',
    support: ['L6: a December 2023 interview between Lei Jun and reporter Wang Ning, broadcast on CCTV', 'L25: we’ve just released the first version', 'L25: Xiaomi HyperOS'],
  },
  {
    id: 'su7-launch',
    date: { iso: '2024', precision: 'year' },
    title: 'SU7 launches',
    detail: 'A rapturous market reception',
    source: 'chinatalk-article',
    support: ['L43: the SU7 electric sedan launched in 2024 to a rapturous market reception'],
  },
  {
    id: 'robotics-folded',
    date: { iso: '2024', precision: 'year', approx: 'by mid-2024' },
    title: 'Robotics Lab folded into autos',
    detail: 'Reduced to robots for Xiaomi’s own factory lines',
    source: 'chinatalk-article',
    support: ['L42: By mid-2024 the Robotics Lab had been folded into Xiaomi’s auto division, its once-lofty ambitions reduced to building robots that service the company’s own factory lines.'],
  },
  {
    id: 'su7-crash',
    date: { iso: '2025-03-29', precision: 'day' },
    title: 'Fatal SU7 crash',
    detail: 'Three college students killed; Navigate-on-Autopilot was on',
    source: 'chinatalk-article',
    support: ['L44: on March 29th, 2025, when a Xiaomi SU7 electric sedan running in Navigate-on-Autopilot mode veered off', 'L44: killing three college students'],
  },
  {
    id: 'weibo-pledge',
    date: { iso: '2025-04-01', precision: 'day' },
    title: '“Never shy away”',
    detail: 'Lei Jun’s public pledge on Weibo',
    source: 'anniversary-2025',
    support: ['L55: This year on April 1st, I said publicly on Weibo that Xiaomi will never shy away from any issue. “Never shy away” means', 'L45: Xiaomi CEO Lei Jun gave the following speech on May 22nd, 2025'],
  },
  {
    id: 'anniversary-speech',
    date: { iso: '2025-05-22', precision: 'day' },
    title: '15th-anniversary speech',
    detail: 'Contrition and confidence; the XRING O1 chip',
    source: 'anniversary-2025',
    support: ['L45: Xiaomi CEO Lei Jun gave the following speech on May 22nd, 2025, for the company’s 15th anniversary. His address walks a tightrope between contrition and confidence', 'L46: Lei Jun widens the narrative by announcing Xiaomi’s newest chip, the XRING O1.'],
  },
  {
    id: 'profit-forecast',
    date: { iso: '2025-06-03', precision: 'day', approx: '3 June (year not given)' },
    title: 'Auto profit forecast',
    detail: 'Lei Jun predicts the auto arm turns a profit in Q2 2025',
    source: 'chinatalk-article',
    // The article gives the day without a year; it follows the May 2025 speech and names Q2 2025.
    support: ['L46: On June 3rd, he predicted Xiaomi’s auto arm would turn a profit in Q2 2025.', 'L45: Xiaomi CEO Lei Jun gave the following speech on May 22nd, 2025'],
  },
] as const satisfies readonly TimelineEvent[]

export type EventId = typeof timeline[number]['id']
