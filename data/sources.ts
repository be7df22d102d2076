import type { Source } from './types'

/**
 * The three parts of the source article. Both excerpts are ChinaTalk's translations, so each is
 * cited with ChinaTalk as publisher and the date of the original interview or speech.
 */
export const sources = [
  {
    id: 'cctv-2023',
    kind: 'interview',
    title: 'Lei Jun interviewed by Wang Ning, broadcast on CCTV',
    label: 'CCTV interview, Dec 2023',
    publisher: 'ChinaTalk',
    translated: true,
    date: { iso: '2023-12', precision: 'month' },
    note: 'A December 2023 interview, broadcast on CCTV; excerpt translated by ChinaTalk.',
    // Lines 10–11 inside the excerpt are the article's own notes, not the interview.
    lines: [[6, 9], [12, 40]],
    support: ['L6: an original ChinaTalk translation of a December 2023 interview between Lei Jun and reporter Wang Ning, broadcast on CCTV'],
  },
  {
    id: 'anniversary-2025',
    kind: 'speech',
    title: 'Lei Jun, speech for Xiaomi’s 15th anniversary',
    label: '15th-anniversary speech, 22 May 2025',
    publisher: 'ChinaTalk',
    translated: true,
    date: { iso: '2025-05-22', precision: 'day' },
    note: 'Given on 22 May 2025; transcript from Zhihu, translated by ChinaTalk.',
    lines: [[48, 63]],
    support: ['L48: an original ChinaTalk translation of a speech given by Lei Jun on May 22, 2025. Transcript from Zhihu.', 'L45: Xiaomi CEO Lei Jun gave the following speech on May 22nd, 2025, for the company’s 15th anniversary.'],
  },
  {
    id: 'chinatalk-article',
    kind: 'commentary',
    // The text has no headline of its own, so the title describes it rather than naming it.
    title: 'ChinaTalk’s article around the two excerpts, with commentary by Angela (the text gives no headline)',
    label: 'ChinaTalk article, undated',
    publisher: 'ChinaTalk',
    translated: false,
    // The text carries no publication date; its latest event is 3 June 2025.
    date: { iso: '2025', precision: 'year', approx: 'undated; its latest date, “June 3rd” (no year), follows the May 2025 speech' },
    note: 'The article’s own reporting and analysis around the two excerpts. Its publication date is not given in the text.',
    // Its own parts only: the introduction, the notes inside the interview, the section between
    // the excerpts and the closing section. Lines 70–71 are reader remarks, not the article.
    lines: [[1, 5], [10, 11], [41, 46], [64, 69]],
    support: ['L42: [Angela writing]', 'L6: The following excerpt is an original ChinaTalk translation', 'L2: In 2025 alone, Xiaomi debuted', 'L3: In this piece, we let you hear Lei Jun in his own words, through two translated excerpts.', 'L46: On June 3rd'],
  },
] as const satisfies readonly Source[]

export type SourceId = typeof sources[number]['id']
