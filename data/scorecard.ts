import type { ScorecardRow } from './types'

/**
 * Ambition against hard truth, one row per domain, in our words; the ids point at the quotes and
 * figures behind each row and `support` at the article lines. A verdict says no more than the
 * article does: where it gives no evidence of success, the row says so.
 */
export const scorecard = [
  {
    domain: 'phones',
    name: 'Premium phones',
    ambition: 'Go premium, benchmarking against the iPhone “across the board”',
    hardTruth: 'The world’s No. 3 smartphone brand, as the article reports; it gives no evidence yet that the premium push has paid off',
    verdict: 'unproven',
    quotes: ['benchmark-iphone'],
    figures: [],
    support: ['L1: Xiaomi has evolved into the world’s No. 3 smartphone brand.', 'L24: we would benchmark against the iPhone across the board', 'L24: I had to persuade people over one-by-one that going premium takes patience'],
  },
  {
    domain: 'os',
    name: 'Operating system',
    ambition: 'HyperOS, built from the kernel up, to connect personal devices, the smart home and the car',
    hardTruth: 'First version “just released” at the December 2023 interview; the article gives no verdict on it since',
    verdict: 'shipped',
    quotes: ['hyperos', 'human-car-home'],
    figures: ['hyperos-engineers'],
    support: ['L25: Our goal is a human-centred, closed-loop platform that connects personal devices, the smart home, and the car.', 'L6: a December 2023 interview'],
  },
  {
    domain: 'chips',
    name: 'Chips',
    ambition: 'Chipmaking as “the only path” toward hard-tech leadership, starting with an in-house phone chip',
    hardTruth: 'XRING O1 announced in 2025; chips “might be the exception” if phone volume carries over to them, but fresh U.S. export curbs threaten costs and design cycles',
    verdict: 'promising but exposed',
    quotes: ['xring-o1', 'only-path'],
    figures: ['chip-years'],
    support: ['L2: In 2025 alone, Xiaomi debuted its first in-house chip (the XRING O1)', 'L69: Chips might be the exception, if Xiaomi can leverage its vast smartphone footprint into volume for its in-house silicon.', 'L69: fresh US export curbs on electronic design automation software threaten to inflate costs, stretch design cycles', 'L2: new U.S. export curbs threaten the flagship chip program'],
  },
  {
    domain: 'cars',
    name: 'Cars',
    ambition: 'Nail the fundamentals, then amaze, at “over ten times the norm”',
    hardTruth: 'A rapturous launch, then a fatal crash and wiped-out orders; as the article reports, new rules cover driver-assistance marketing and updates',
    verdict: 'under strain',
    quotes: ['fundamentals-then-amaze', 'ten-x', 'safest-in-class'],
    figures: ['first-car-engineers', 'first-car-spend', 'crash-deaths', 'share-fall'],
    support: ['L43: the SU7 electric sedan launched in 2024 to a rapturous market reception', 'L44: Yet momentum met reality on March 29th, 2025', 'L44: The event sparked debate over assisted-driving safety, wiped out new-car orders', 'L44: banned marketing phrases like “smart driving” or “autonomous driving” and now requires pre-approval for any OTA updates that touch driver-assistance features'],
  },
  {
    domain: 'robots',
    name: 'Robots',
    ambition: 'CyberDog, CyberOne and CyberDog 2: “once-lofty ambitions”',
    hardTruth: 'None hit the mark; high-profile engineers left; by mid-2024 the lab was reduced to building robots for Xiaomi’s own factory lines',
    verdict: 'retreated',
    quotes: [],
    figures: [],
    support: ['L42: release of CyberDog', 'L42: A year later came CyberOne', 'L42: the sleeker CyberDog 2. Commercially and technically, none hit the mark', 'L42: high-profile engineers departed', 'L42: By mid-2024 the Robotics Lab had been folded into Xiaomi’s auto division, its once-lofty ambitions reduced to building robots that service the company’s own factory lines'],
  },
] as const satisfies readonly ScorecardRow[]
