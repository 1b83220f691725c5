import type { Kysely } from 'kysely';
import { LATENCY_BUCKETS_MS } from '../../domain/latency.ts';
import { lastRun } from '../backup/backup-overview.ts';
import type { Deps } from '../context.ts';
import type { RouteStats } from './request-stats.ts';

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : null);

/** The Prometheus text exposition (version 0.0.4) of kehu's requests, database and backup jobs. */
export async function metricsText(deps: Pick<Deps, 'db' | 'dialect' | 'clock'>, totals: Iterable<RouteStats & { byStatus?: Record<string, number> }>): Promise<string> {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const routes = [...totals];

  metric('kehu_http_requests_total', 'counter', 'Requests answered by this server since it started, by route pattern and status class.');
  for (const r of routes) for (const [status, n] of Object.entries(r.byStatus ?? {})) lines.push(`kehu_http_requests_total{method="${r.method}",route="${label(r.route)}",status="${status}"} ${n}`);
  metric('kehu_http_request_duration_seconds', 'histogram', 'Time to answer, by route pattern.');
  for (const r of routes) {
    const base = `method="${r.method}",route="${label(r.route)}"`;
    let cumulative = 0;
    LATENCY_BUCKETS_MS.forEach((bound, i) => {
      cumulative += r.histogram[i] ?? 0;
      lines.push(`kehu_http_request_duration_seconds_bucket{${base},le="${bound / 1000}"} ${cumulative}`);
    });
    lines.push(`kehu_http_request_duration_seconds_bucket{${base},le="+Inf"} ${r.count}`);
    lines.push(`kehu_http_request_duration_seconds_sum{${base}} ${(r.totalMs / 1000).toFixed(6)}`);
    lines.push(`kehu_http_request_duration_seconds_count{${base}} ${r.count}`);
  }

  const sizes = await deps.dialect.housekeeping.sizes(deps.db as unknown as Kysely<unknown>);
  metric('kehu_database_size_bytes', 'gauge', 'Size of the database on disk.');
  lines.push(`kehu_database_size_bytes ${sizes.databaseBytes}`);
  if (sizes.walBytes !== null) {
    metric('kehu_database_wal_bytes', 'gauge', 'SQLite write-ahead log not yet checkpointed.');
    lines.push(`kehu_database_wal_bytes ${sizes.walBytes}`);
  }

  const now = deps.clock.now().getTime() / 1000;
  metric('kehu_job_last_duration_seconds', 'gauge', 'How long the last run of each backup job took.');
  metric('kehu_job_last_success', 'gauge', '1 when the last run of the job succeeded, 0 when it failed.');
  metric('kehu_job_last_success_timestamp_seconds', 'gauge', 'When the job last succeeded (Unix time).');
  const jobs = [['backup', 'backup'], ['restore_test', 'verify']] as const;
  for (const [name, kind] of jobs) {
    const last = await lastRun(deps, kind);
    const good = await lastRun(deps, kind, true);
    if (last?.durationMs != null) lines.push(`kehu_job_last_duration_seconds{job="${name}"} ${last.durationMs / 1000}`);
    if (last && last.status !== 'running') lines.push(`kehu_job_last_success{job="${name}"} ${last.status === 'ok' ? 1 : 0}`);
    const at = seconds(good?.finishedAt);
    if (at !== null) lines.push(`kehu_job_last_success_timestamp_seconds{job="${name}"} ${at}`);
  }
  const lastGood = seconds((await lastRun(deps, 'backup', true))?.finishedAt);
  metric('kehu_backup_age_seconds', 'gauge', 'Seconds since the last successful backup (absent before the first).');
  if (lastGood !== null) lines.push(`kehu_backup_age_seconds ${Math.max(0, Math.round(now - lastGood))}`);
  return `${lines.join('\n')}\n`;
}
