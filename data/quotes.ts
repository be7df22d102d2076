import type { Quote } from './types'

/**
 * Quotes exactly as the source article prints them (ChinaTalk's English, with its curly quotes,
 * dashes and the plain comma inside the Chinese sayings). `…` marks an elision; each side of it
 * must still appear in the source, in order. The provenance test enforces all of this.
 */
export const quotes = [
  // The playbook
  {
    id: 'tail-wind',
    text: 'Catch the right tail-wind and even a pig will fly',
    original: '站在风口上,猪也能飞起来',
    speaker: 'lei-jun',
    source: 'chinatalk-article',
    context: 'his best-known saying, as ChinaTalk gives it',
  },
  {
    id: 'look-up',
    text: 'Don’t just keep your head down pulling the cart; look up and see where the wind is blowing. It was a major course-correction in my own playbook.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on the tail-wind principle',
  },
  {
    id: 'not-jobs',
    text: 'In the late ’80s, Jobs was my very first role model. But the more I understood Jobs, the clearer it became that I’m not him.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on Steve Jobs',
  },
  // Hard tech
  {
    id: 'hard-tech-means',
    text: 'Hard tech means chips, smart manufacturing, robotics, operating systems — those core layers.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on the hard-tech pivot',
  },
  {
    id: 'non-negotiable',
    text: 'Without breakthroughs in core tech you’ll never build a moat or stand shoulder-to-shoulder with those titans. If Xiaomi dreams of being world-class, hard tech is non-negotiable.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on competing with Apple, Samsung and Huawei',
  },
  {
    id: 'ten-year-goal',
    text: 'In 2020, Xiaomi’s tenth anniversary, it set a ten-year goal to become a next-generation hard-tech leader and deliver premium products.',
    speaker: 'cctv-narrator',
    source: 'cctv-2023',
  },
  {
    id: 'benchmark-iphone',
    text: 'Three years ago, I told the team we would benchmark against the iPhone across the board. … Even if we lose all 100 metrics, daring to measure is step one.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on going premium',
  },
  {
    id: 'hyperos',
    text: 'Seven years ago we resolved to create Xiaomi HyperOS, building the entire stack from the kernel up. Over 5,000 engineers have contributed, and we’ve just released the first version.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on the operating system',
  },
  {
    id: 'human-car-home',
    text: 'that same intelligence has to knit together the entire “Human × Car × Home” ecosystem: people as in personal devices, cars as in a mobile smart space, and home as in smart appliances.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on AI in HyperOS',
  },
  // The car bet
  {
    id: 'difficulty-controllable',
    text: 'Smart EVs merge auto and consumer electronics. … So yes, it’s challenging, but the difficulty is controllable.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'answering Elon Musk’s “interesting competition”',
  },
  {
    id: 'fundamentals-then-amaze',
    text: 'nail the fundamentals, then amaze',
    original: '守正出奇',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'his guiding principle for the car',
  },
  {
    id: 'hard-rules',
    text: 'respect the hard rules of the auto business — quality, safety, manufacturing discipline, make sure the very first model is rock-solid, and only then layer on top the Xiaomi-style innovation that surprises the market.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'what “nail the fundamentals, then amaze” means in practice',
  },
  {
    id: 'ten-x',
    text: 'For our first car we assigned 3,400 engineers and spent more than ten billion yuan — over ten times the norm. With that level of commitment, I’m aiming to win.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on “10-X investment”',
  },
  {
    id: 'two-risks',
    text: 'I worry about two opposite risks: the launch flops and nobody buys, or demand goes crazy and people wait a year and flame us for delays.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'before the SU7 launch',
  },
  {
    id: 'tougher-climate',
    text: 'The tougher the climate, the more we should invest in technology. When others pull back, breakthroughs actually come easier, and we’re ready the moment the market rebounds.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on spending through the downturn',
  },
  {
    id: 'lofty-goal',
    text: 'The goal is so lofty that no matter how hard we jump, we still can’t quite reach it — yet that stretch is exactly what pulls the whole company forward.',
    speaker: 'lei-jun',
    source: 'cctv-2023',
    context: 'on leaving the comfort zone',
  },
  // The reckoning
  {
    id: 'storm-of-doubts',
    text: 'However, at the end of March, a sudden traffic accident shattered all of that. We were hit by a storm of doubts, criticism, and blame. My colleagues and I were stunned.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
    context: 'opening the anniversary speech',
  },
  {
    id: 'newcomers',
    text: 'To be honest, only now do I recognize that we have always thought of ourselves as newcomers to the auto industry.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
  },
  {
    id: 'no-longer-rookie',
    text: 'So today, what I want to share with you is that 15-year-old Xiaomi is no longer a rookie. In all industries, we don’t have the grace period of true novices.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
  },
  {
    id: 'safest-in-class',
    text: 'On automotive safety, I want to announce to everyone that we aim to make our car the safest in its class.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
  },
  {
    id: 'never-shy-away',
    text: '“Never shy away” means confronting problems head-on, examining ourselves critically, fixing what’s wrong, and committing to continuous improvement.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
    context: 'recalling his Weibo post of 1 April 2025',
  },
  {
    id: 'rd-pledge',
    text: 'Five years ago we made a clear commitment to invest more than 100 billion yuan in R&D over five years and to increase core technology research; to date we have invested about 105 billion.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
  },
  {
    id: 'xring-o1',
    text: 'our self-developed smartphone SoC chip, the Xuanjie 玄戒 O1, is expected to be released at the end of the month',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
    context: 'announcing the chip',
  },
  {
    id: 'only-path',
    text: 'After 10 years of making chips, this is Xiaomi’s milestone achievement. … it is also the only path for Xiaomi to move toward becoming a hard-core tech leader.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
  },
  {
    id: 'gale',
    text: 'A gale reveals the toughest grass; a long road proves a horse’s strength.',
    original: '疾风知劲草,路遥知马力。',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
    context: 'recalling his words to suppliers at the end of 2019',
  },
  {
    id: 'not-enough',
    text: 'Today, it seems we were too optimistic — 15 years is not enough.',
    speaker: 'lei-jun',
    source: 'anniversary-2025',
  },
  // The article's assessment
  {
    id: 'stricter-rules',
    text: 'Hard tech plays by stricter rules. Robots, cars, and advanced chips demand flawless safety engineering, deep benches of specialist talent, and sustained capital infusions.',
    speaker: 'angela',
    source: 'chinatalk-article',
  },
  {
    id: 'even-apple',
    text: 'Even Apple doesn’t juggle cars, robots, and semiconductors all at once.',
    speaker: 'angela',
    source: 'chinatalk-article',
  },
  {
    id: 'liability',
    text: 'leaning into splashy launches and viral publicity for its hard tech projects has proven to be as much a liability as a strength.',
    speaker: 'angela',
    source: 'chinatalk-article',
  },
  {
    id: 'showmanship',
    text: 'Whether Lei Jun can temper showmanship with staying power will decide if Xiaomi’s hard-tech dream becomes a cornerstone of its ecosystem or just another chapter in China’s moonshot boom-and-bust cycle.',
    speaker: 'angela',
    source: 'chinatalk-article',
  },
] as const satisfies readonly Quote[]

export type QuoteId = typeof quotes[number]['id']
