import { emptyHistogram, quantileOf } from '../../domain/latency.ts';
import type { Deps } from '../context.ts';

export interface RouteStats {
  method: string;
  route: string;
  count: number;
  errors: number;
  totalMs: number;
  maxMs: number;
  histogram: number[];
}

const KEEP_DAYS = 8;

/** Stores what one server answered since its last flush, and forgets rows older than eight days. */
export async function saveRequestStats(deps: Pick<Deps, 'db' | 'clock'>, stats: RouteStats[]): Promise<void> {
  const now = deps.clock.now();
  if (stats.length > 0) {
    await deps.db
      .insertInto('request_stats')
      .values(stats.map((s) => ({ at: now.toISOString(), method: s.method, route: s.route, count: s.count, errors: s.errors, total_ms: Math.round(s.totalMs), max_ms: Math.round(s.maxMs), histogram: JSON.stringify(s.histogram) })))
      .execute();
  }
  await deps.db.deleteFrom('request_stats').where('at', '<', new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString()).execute();
}

export interface SlowRoute {
  method: string;
  route: string;
  count: number;
  errors: number;
  /** upper bound of the latency bucket holding the 95th percentile */
  p95Ms: number | null;
  meanMs: number;
  maxMs: number;
}

/** The routes with the slowest p95 over the last day, from every server's flushed statistics. */
export async function slowestRoutes(deps: Pick<Deps, 'db' | 'dialect' | 'clock'>, limit = 10): Promise<SlowRoute[]> {
  const since = new Date(deps.clock.now().getTime() - 86_400_000).toISOString();
  const rows = await deps.db.selectFrom('request_stats').selectAll().where('at', '>=', since).execute();
  const merged = new Map<string, RouteStats>();
  for (const row of rows) {
    const key = `${row.method} ${row.route}`;
    const stats = merged.get(key) ?? { method: row.method, route: row.route, count: 0, errors: 0, totalMs: 0, maxMs: 0, histogram: emptyHistogram() };
    stats.count += Number(row.count);
    stats.errors += Number(row.errors);
    stats.totalMs += Number(row.total_ms);
    stats.maxMs = Math.max(stats.maxMs, Number(row.max_ms));
    const histogram = deps.dialect.parseJson<number[]>(row.histogram);
    histogram.forEach((n, i) => (stats.histogram[i] = (stats.histogram[i] ?? 0) + n));
    merged.set(key, stats);
  }
  return [...merged.values()]
    .map((s) => ({ method: s.method, route: s.route, count: s.count, errors: s.errors, p95Ms: quantileOf(s.histogram, 0.95, s.maxMs), meanMs: Math.round(s.totalMs / Math.max(1, s.count)), maxMs: s.maxMs }))
    .sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0) || b.maxMs - a.maxMs)
    .slice(0, limit);
}
