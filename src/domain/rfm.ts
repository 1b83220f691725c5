/** Scores run 1 (worst fifth) to 5 (best fifth). */
export type Score = 1 | 2 | 3 | 4 | 5;

export const RFM_GROUPS = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose',
  'hibernating',
  'lost',
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

export const RFM_GROUP_LABELS: Record<RfmGroup, { en: string; zh: string }> = {
  champions: { en: 'Champions', zh: '重要价值客户' },
  loyal: { en: 'Loyal', zh: '忠诚客户' },
  potential_loyalists: { en: 'Potential loyalists', zh: '潜力客户' },
  new_customers: { en: 'New customers', zh: '新客户' },
  promising: { en: 'Promising', zh: '有望客户' },
  need_attention: { en: 'Need attention', zh: '需要关注' },
  about_to_sleep: { en: 'About to sleep', zh: '即将沉睡' },
  at_risk: { en: 'At risk', zh: '流失风险' },
  cannot_lose: { en: 'Cannot lose them', zh: '不能失去' },
  hibernating: { en: 'Hibernating', zh: '沉睡客户' },
  lost: { en: 'Lost', zh: '已流失' },
};

/**
 * The named group of an RFM cell, from recency and the mean of frequency and monetary value
 * (rounded half up), after the widely used RFM segment map: recent and valuable are champions,
 * valuable but long silent are "cannot lose", neither is lost.
 */
export function rfmGroup(r: Score, f: Score, m: Score): RfmGroup {
  const fm = Math.floor((f + m) / 2 + 0.5) as Score;
  if (r === 5) return fm >= 4 ? 'champions' : fm >= 2 ? 'potential_loyalists' : 'new_customers';
  if (r === 4) return fm >= 4 ? 'loyal' : fm >= 2 ? 'potential_loyalists' : 'promising';
  if (r === 3) return fm >= 4 ? 'loyal' : fm === 3 ? 'need_attention' : 'about_to_sleep';
  if (fm === 5) return 'cannot_lose';
  if (fm >= 3) return 'at_risk';
  return r === 2 ? 'hibernating' : 'lost';
}

/**
 * Quintile scores by rank: a value's score is 1 + ⌊5p⌋ (at most 5), where p is the share of
 * the other values strictly below it — the lowest value scores 1, the highest 5, ties share a
 * score, and a population of any size spreads over the five scores as evenly as its ties allow.
 * A population of one scores 3. Returns the scores and the threshold of each score above 1: the
 * smallest value that earns it (null when none does).
 */
export function quintileScores(values: ArrayLike<number>): { scores: Score[]; thresholds: Array<number | null> } {
  const { scores, thresholds } = quintiles(values);
  return { scores, thresholds };
}

/** As quintileScores, with the values sorted ascending, for scoring more values against them (quintileScoreOf). */
export function quintiles(values: ArrayLike<number>): { scores: Score[]; thresholds: Array<number | null>; sorted: Float64Array } {
  const n = values.length;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const scores: Score[] = new Array(n);
  const thresholds: Array<number | null> = [null, null, null, null];
  if (n <= 1) {
    if (n === 1) scores[0] = quintileScoreOf(sorted, values[0] as number);
    for (let i = 0; i < n; i++) for (let k = 2; k <= (scores[i] as number); k++) thresholds[k - 2] = sorted[i] as number;
    return { scores, thresholds, sorted };
  }
  // a score only grows with the value: one pass over the sorted values finds the smallest value earning each score
  let lo = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    if (i > 0 && v !== sorted[i - 1]) lo = i;
    const score = Math.min(5, 1 + Math.floor((5 * lo) / (n - 1)));
    for (let k = 2; k <= score; k++) if (thresholds[k - 2] === null) thresholds[k - 2] = v;
  }
  const [t2, t3, t4, t5] = thresholds.map((t) => (t === null ? Infinity : t)) as [number, number, number, number];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    scores[i] = (v >= t5 ? 5 : v >= t4 ? 4 : v >= t3 ? 3 : v >= t2 ? 2 : 1) as Score;
  }
  return { scores, thresholds, sorted };
}

/** The quintile score (as quintileScores gives it) of a value among a population's values, sorted ascending. */
export function quintileScoreOf(sorted: Float64Array, v: number): Score {
  const n = sorted.length;
  if (n <= 1) return 3;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(5, 1 + Math.floor((5 * lo) / (n - 1))) as Score;
}
