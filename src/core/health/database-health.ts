import type { Kysely } from 'kysely';
import type { BackupRunShape } from '../../domain/backup.ts';
import { lastRun } from '../backup/backup-overview.ts';
import type { Deps } from '../context.ts';
import { slowestRoutes, type SlowRoute } from './request-stats.ts';

export interface HealthReport {
  dialect: 'sqlite' | 'postgres';
  databaseBytes: number;
  walBytes: number | null;
  /** bytes per day, from the sizes recorded with backups over the last 30 days; null with fewer than two */
  growthBytesPerDay: number | null;
  tables: Array<{ name: string; rows: number }>;
  integrity: { ok: boolean; problems: string[] };
  lastBackup: BackupRunShape | null;
  lastGoodBackup: BackupRunShape | null;
  lastRestoreTest: BackupRunShape | null;
  lastGoodRestoreTest: BackupRunShape | null;
  deferredIndexes: Array<{ name: string; table: string; since: string }>;
  slowRoutes: SlowRoute[];
}

async function growth(deps: Pick<Deps, 'db' | 'clock'>, now: number): Promise<number | null> {
  const since = new Date(now - 30 * 86_400_000).toISOString();
  const samples = await deps.db.selectFrom('backup_runs').select(['started_at', 'database_bytes']).where('database_bytes', 'is not', null).where('started_at', '>=', since).orderBy('started_at').execute();
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || first === last) return null;
  const days = (Date.parse(last.started_at) - Date.parse(first.started_at)) / 86_400_000;
  // minutes apart (two backups on the day of installing) is no rate per day, however it is scaled
  return days >= 1 ? Math.round((Number(last.database_bytes) - Number(first.database_bytes)) / days) : null;
}

/** What `kehu doctor` and the health page show: size and growth, rows per table, integrity, backups, deferred indexes, slow routes. */
export function databaseHealth(deps: Pick<Deps, 'db' | 'dialect' | 'clock'>): Promise<HealthReport> {
  // The integrity check and row counts read the whole database in worker threads: checkpoints go there meanwhile too.
  return deps.dialect.housekeeping.withCheckpointsOffThread(() => report(deps));
}

async function report(deps: Pick<Deps, 'db' | 'dialect' | 'clock'>): Promise<HealthReport> {
  const raw = deps.db as unknown as Kysely<unknown>;
  const { housekeeping } = deps.dialect;
  const sizes = await housekeeping.sizes(raw);
  const names = (await housekeeping.listTables(raw)).map((t) => t.name);
  const counts = await housekeeping.rowCounts(raw, names);
  const tables = names.map((name, i) => ({ name, rows: counts[i] ?? 0 }));
  const problems = await housekeeping.integrityCheck(raw);
  const deferred = await deps.db.selectFrom('deferred_indexes').select(['name', 'table_name', 'created_at']).orderBy('created_at').execute();
  return {
    dialect: deps.dialect.name,
    databaseBytes: sizes.databaseBytes,
    walBytes: sizes.walBytes,
    growthBytesPerDay: await growth(deps, deps.clock.now().getTime()),
    tables,
    integrity: { ok: problems.length === 0, problems: problems.slice(0, 20) },
    lastBackup: await lastRun(deps, 'backup'),
    lastGoodBackup: await lastRun(deps, 'backup', true),
    lastRestoreTest: await lastRun(deps, 'verify'),
    lastGoodRestoreTest: await lastRun(deps, 'verify', true),
    deferredIndexes: deferred.map((d) => ({ name: d.name, table: d.table_name, since: d.created_at })),
    slowRoutes: await slowestRoutes(deps),
  };
}
