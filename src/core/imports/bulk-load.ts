import { sql } from 'kysely';
import type { ImportType, MatchKey } from '../../domain/import-mapping.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';

/**
 * Large imports into SQLite drop the secondary indexes of the tables they fill and build each
 * once when they end: keeping a b-tree of random keys (names, pinyin) up to date row by row cost
 * more than everything else the database does for an imported customer, and building it from the
 * finished table is a single sorted pass. The dropped indexes are listed in `deferred_indexes`
 * in the same transaction that drops them, so a crash leaves a record of what to build.
 */

/** Estimated rows from which an import defers indexes (and only when it at least doubles the table). */
export const BULK_LOAD_MIN_ROWS = 50_000;

const TABLES: Partial<Record<ImportType, string[]>> = { customers: ['customers', 'contact_points', 'customer_tags'] };

/** Indexes the load itself reads: duplicate lookups by phone or e-mail, and by name when rows are matched on names. */
function neededDuringLoad(matchOn: readonly MatchKey[]): Set<string> {
  const kept = new Set(['contact_points_value_idx']);
  if (matchOn.includes('name')) kept.add('customers_name_idx');
  return kept;
}

/** Whether an import of about `estimatedRows` rows should load without its tables' secondary indexes. */
export async function shouldDeferIndexes(deps: Pick<Deps, 'db'>, type: ImportType, estimatedRows: number, minRows = BULK_LOAD_MIN_ROWS): Promise<boolean> {
  if (TABLES[type] === undefined || estimatedRows < minRows) return false;
  const row = await deps.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) <= estimatedRows;
}

/** Drops the deferrable indexes of the import's tables, recording each; returns how many it dropped. */
export async function deferIndexes(deps: Deps, type: ImportType, matchOn: readonly MatchKey[]): Promise<number> {
  const kept = neededDuringLoad(matchOn);
  return inTransaction(deps, async (tx) => {
    const now = nowIso(tx);
    let dropped = 0;
    for (const table of TABLES[type] ?? []) {
      for (const index of await tx.dialect.deferrableIndexes(tx.db, table)) {
        if (kept.has(index.name)) continue;
        await tx.db.insertInto('deferred_indexes').values({ name: index.name, table_name: table, sql: index.sql, created_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
        await sql`drop index ${sql.id(index.name)}`.execute(tx.db);
        dropped++;
      }
    }
    return dropped;
  });
}

/**
 * Builds every index a load deferred, each in its own transaction together with the removal of
 * its record, so an interruption leaves only the ones still to build. Returns their names.
 */
export async function restoreDeferredIndexes(deps: Pick<Deps, 'db'>, onIndex?: (name: string) => void): Promise<string[]> {
  const pending = await deps.db.selectFrom('deferred_indexes').select(['name', 'sql']).orderBy('name').execute();
  for (const index of pending) {
    onIndex?.(index.name);
    const create = index.sql.replace(/^\s*create\s+index\s+(?!if\s+not\s+exists)/i, 'create index if not exists ');
    await deps.db.transaction().execute(async (trx) => {
      await sql.raw(create).execute(trx);
      await trx.deleteFrom('deferred_indexes').where('name', '=', index.name).execute();
    });
  }
  return pending.map((index) => index.name);
}

/** Whether some load's indexes are still to be built. */
export async function hasDeferredIndexes(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return (await deps.db.selectFrom('deferred_indexes').select('name').limit(1).executeTakeFirst()) !== undefined;
}
