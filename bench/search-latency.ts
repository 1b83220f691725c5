import type { QueryKind } from './queries.ts';

export interface LatencyResult {
  kind: QueryKind;
  count: number;
  p50: number;
  p95: number;
  max: number;
  /** share of queries that returned at least one item */
  found: number;
  failures: number;
  /** network errors, for the results file */
  errors: string[];
  /** true when the time budget ran out before every query was sent */
  cutShort: boolean;
}

// A broken query plan can take seconds per search; the bench still has to finish.
const BUDGET_MS_PER_KIND = 60_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Finds which search the server offers: the search route if there is one, else the customer list's `q`. */
export async function searchPath(baseUrl: string, token: string): Promise<(q: string) => string> {
  const res = await fetch(`${baseUrl}/api/v1/search?q=test`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (res.status === 200) return (q) => `/api/v1/search?q=${encodeURIComponent(q)}&limit=20`;
  return (q) => `/api/v1/customers?q=${encodeURIComponent(q)}&limit=20`;
}

// A kept-alive connection can be reset under us (Node closes long-lived ones); such a request is retried once, on a new one.
async function timedSearch(url: string, headers: Record<string, string>) {
  const start = performance.now();
  const res = await fetch(url, { headers });
  const body = (await res.json()) as { items?: unknown[] };
  return { ms: performance.now() - start, status: res.status, items: body.items?.length ?? 0 };
}

/** One request at a time over a kept-alive connection, as a user typing into the search box. */
export async function measureSearch(baseUrl: string, token: string, path: (q: string) => string, kind: QueryKind, queries: string[]): Promise<LatencyResult> {
  const headers = { authorization: `Bearer ${token}` };
  const times: number[] = [];
  let found = 0;
  let failures = 0;
  const errors: string[] = [];
  const deadline = performance.now() + BUDGET_MS_PER_KIND;
  for (const q of queries) {
    if (performance.now() > deadline) break;
    try {
      const { ms, status, items } = await timedSearch(baseUrl + path(q), headers).catch((error: unknown) => {
        errors.push(`${q}: ${String((error as Error).cause ?? error)} (retried)`);
        return timedSearch(baseUrl + path(q), headers);
      });
      times.push(ms);
      if (status !== 200) failures++;
      else if (items > 0) found++;
    } catch (error) {
      failures++;
      errors.push(`${q}: ${String((error as Error).cause ?? error)}`);
    }
  }
  times.sort((a, b) => a - b);
  return { kind, count: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? NaN, found: found / Math.max(1, times.length), failures, errors: errors.slice(0, 5), cutShort: times.length + failures < queries.length };
}
