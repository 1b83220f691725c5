/** Upper bounds (ms) of the latency histogram buckets; one more bucket counts everything slower. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

export const emptyHistogram = (): number[] => new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

export function bucketOf(ms: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return index < 0 ? LATENCY_BUCKETS_MS.length : index;
}

/** The upper bound of the bucket holding the q-quantile (p95: q = 0.95); null without data. Beyond the last bound: `max`. */
export function quantileOf(histogram: readonly number[], q: number, max: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= q * total) return Math.min(LATENCY_BUCKETS_MS[i] ?? max, max);
  }
  return max;
}
