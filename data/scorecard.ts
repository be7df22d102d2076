import type { ScorecardRow } from './types'

/** Ambition against hard truth, one row per domain, in our words; the ids point at the evidence. */
export const scorecard = [
  {
    domain: 'phones',
    name: 'Phones',
    ambition: 'Go premium and measure every flagship against the iPhone',
    hardTruth: 'World No. 3 brand, but on thin margins and fast cycles that do not carry over to hard tech',
    verdict: 'delivered',
    quotes: ['benchmark-iphone'],
    figures: ['iphone-metrics'],
  },
  {
    domain: 'os',
    name: 'Operating system',
    ambition: 'HyperOS built from the kernel up, tying person, car and home together',
    hardTruth: 'First version shipped in late 2023; the article offers no verdict on it since',
    verdict: 'shipped',
    quotes: ['hyperos', 'human-car-home'],
    figures: ['hyperos-engineers'],
  },
  {
    domain: 'chips',
    name: 'Chips',
    ambition: 'An in-house phone chip as the path to hard-tech leadership',
    hardTruth: 'XRING O1 arrived in 2025, just as new U.S. curbs on chip-design software took aim',
    verdict: 'promising',
    quotes: ['xring-o1', 'only-path'],
    figures: ['chip-years'],
  },
  {
    domain: 'cars',
    name: 'Cars',
    ambition: 'Nail the fundamentals, then amaze, with ten times the usual investment',
    hardTruth: 'A strong launch, then a fatal crash, lost orders and tighter rules on driver assistance',
    verdict: 'under strain',
    quotes: ['fundamentals-then-amaze', 'ten-x', 'safest-in-class'],
    figures: ['first-car-engineers', 'first-car-spend', 'crash-deaths', 'share-fall'],
  },
  {
    domain: 'robots',
    name: 'Robots',
    ambition: 'Robot dogs and a humanoid as the next consumer category',
    hardTruth: 'No product hit the mark; key engineers left; the lab now serves the car factory',
    verdict: 'retreated',
    quotes: [],
    figures: [],
  },
] as const satisfies readonly ScorecardRow[]
