import { sql } from 'kysely';
import type { ImportType, MatchKey } from '../../domain/import-mapping.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { isAlive } from './import-jobs.repository.ts';

/**
 * Large imports drop the secondary indexes of the tables they fill and build each once when they
 * end: keeping a b-tree of random keys (names, pinyin, the trigram index) up to date row by row
 * cost more than everything else the database does for an imported customer, and building it
 * from the finished table is a single sorted pass. The dropped indexes are listed in
 * `deferred_indexes`, with the import that dropped them, in the same transaction that drops
 * them, so a crash leaves a record of what to build.
 */

/** Estimated rows from which an import defers indexes (and only when it at least doubles the table). */
export const BULK_LOAD_MIN_ROWS = 50_000;

const TABLES: Partial<Record<ImportType, string[]>> = { customers: ['customers', 'contact_points', 'customer_tags'] };

/**
 * Indexes the load itself reads: duplicate lookups by phone or e-mail (and by name when rows are
 * matched on names), a customer's points, an owner's customers (holding limits, a rep's lists).
 * The last two grow at their end during a load, so keeping them costs little.
 */
function neededDuringLoad(matchOn: readonly MatchKey[]): Set<string> {
  const kept = new Set(['contact_points_value_idx', 'contact_points_customer_idx', 'customers_owner_idx']);
  if (matchOn.includes('name')) kept.add('customers_name_idx');
  return kept;
}

/**
 * Whether an import of about `estimatedRows` rows should load without its tables' secondary
 * indexes. Not when it updates existing records: an update reads them through many indexes.
 */
export async function shouldDeferIndexes(deps: Pick<Deps, 'db'>, type: ImportType, onDuplicate: string, estimatedRows: number, minRows = BULK_LOAD_MIN_ROWS): Promise<boolean> {
  if (TABLES[type] === undefined || onDuplicate === 'update' || estimatedRows < minRows) return false;
  const row = await deps.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) <= estimatedRows;
}

/** Drops the deferrable indexes of the import's tables, recording each for job `jobId`; returns how many it dropped. */
export async function deferIndexes(deps: Deps, jobId: number, type: ImportType, matchOn: readonly MatchKey[]): Promise<number> {
  const kept = neededDuringLoad(matchOn);
  return inTransaction(deps, async (tx) => {
    const now = nowIso(tx);
    let dropped = 0;
    for (const table of TABLES[type] ?? []) {
      for (const index of await tx.dialect.deferrableIndexes(tx.db, table)) {
        if (kept.has(index.name)) continue;
        await tx.db.insertInto('deferred_indexes').values({ name: index.name, table_name: table, sql: index.sql, job_id: jobId, created_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
        await sql`drop index ${sql.id(index.name)}`.execute(tx.db);
        dropped++;
      }
    }
    return dropped;
  });
}

/** Whether job `jobId` has indexes deferred (it is being resumed). */
export async function hasDeferredIndexes(deps: Pick<Deps, 'db'>, jobId: number): Promise<boolean> {
  return (await deps.db.selectFrom('deferred_indexes').select('name').where('job_id', '=', jobId).limit(1).executeTakeFirst()) !== undefined;
}

export interface IndexBuild {
  built: string[];
  failed: Array<{ name: string; error: string }>;
}

/**
 * Builds the indexes job `jobId` deferred, and any whose import no longer runs (it failed, or its
 * process died and nobody resumed it); never those of an import still loading elsewhere. Each in
 * its own transaction that first takes its record, so two builders never build one index twice
 * and an interruption leaves only the ones still to build. A failed build keeps its record, for
 * the next import's end or `kehu serve`'s start; it is reported, not thrown.
 */
export async function restoreDeferredIndexes(deps: Pick<Deps, 'db'>, options: { jobId?: number; onIndex?: (name: string) => void } = {}): Promise<IndexBuild> {
  const records = await deps.db
    .selectFrom('deferred_indexes')
    .leftJoin('import_jobs', 'import_jobs.id', 'deferred_indexes.job_id')
    .select(['deferred_indexes.name', 'deferred_indexes.job_id', 'import_jobs.status', 'import_jobs.runner'])
    .orderBy('deferred_indexes.name')
    .execute();
  const outcome: IndexBuild = { built: [], failed: [] };
  for (const record of records) {
    const ours = record.job_id !== null && Number(record.job_id) === options.jobId;
    if (!ours && record.status === 'running' && isAlive(record.runner)) continue;
    options.onIndex?.(record.name);
    try {
      const built = await deps.db.transaction().execute(async (trx) => {
        const taken = await trx.deleteFrom('deferred_indexes').where('name', '=', record.name).returning('sql').executeTakeFirst();
        if (!taken) return false;
        await sql.raw(taken.sql.replace(/^\s*create\s+index\s+(?!if\s+not\s+exists)/i, 'create index if not exists ')).execute(trx);
        return true;
      });
      if (built) outcome.built.push(record.name);
    } catch (error) {
      outcome.failed.push({ name: record.name, error: (error as Error).message });
    }
  }
  return outcome;
}
