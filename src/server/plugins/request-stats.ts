import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { saveRequestStats, type RouteStats } from '../../core/health/request-stats.ts';
import { bucketOf, emptyHistogram } from '../../domain/latency.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests answered since this server started, by method and route (for /metrics). */
    requestTotals: Map<string, RouteStats & { byStatus: Record<string, number> }>;
  }
}

const FLUSH_MS = 60_000;

function add(map: Map<string, RouteStats>, method: string, route: string, ms: number, failed: boolean): RouteStats {
  const key = `${method} ${route}`;
  let stats = map.get(key);
  if (!stats) map.set(key, (stats = { method, route, count: 0, errors: 0, totalMs: 0, maxMs: 0, histogram: emptyHistogram() }));
  stats.count += 1;
  if (failed) stats.errors += 1;
  stats.totalMs += ms;
  stats.maxMs = Math.max(stats.maxMs, ms);
  stats.histogram[bucketOf(ms)] = (stats.histogram[bucketOf(ms)] ?? 0) + 1;
  return stats;
}

/**
 * Counts every answered request by route pattern (never the raw URL: ids would make a row per
 * record), keeps totals for /metrics, and flushes about once a minute to request_stats, where
 * `kehu doctor` reads the slowest routes of the last day across servers.
 */
export function registerRequestStats(app: FastifyInstance, deps: Deps): void {
  const totals: FastifyInstance['requestTotals'] = new Map();
  let pending = new Map<string, RouteStats>();
  app.decorate('requestTotals', totals);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    const ms = reply.elapsedTime;
    const failed = reply.statusCode >= 500;
    add(pending, request.method, route, ms, failed);
    const total = add(totals as Map<string, RouteStats>, request.method, route, ms, failed) as RouteStats & { byStatus?: Record<string, number> };
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    total.byStatus ??= {};
    total.byStatus[status] = (total.byStatus[status] ?? 0) + 1;
  });
  const flush = async () => {
    // While a restore runs the counts wait for the next flush (the restore would replace them).
    if (deps.writeGate?.restoring) return;
    const release = deps.writeGate?.hold();
    const batch = [...pending.values()];
    pending = new Map();
    await saveRequestStats(deps, batch)
      .catch((error: Error) => app.log.warn({ err: error }, 'request statistics not saved'))
      .finally(() => release?.());
  };
  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });
}
