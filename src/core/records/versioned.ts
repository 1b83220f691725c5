import { sql, type Kysely } from 'kysely';
import { AppError, notFound } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import type { Schema } from '../db/schema.ts';

/** Tables whose rows carry version, updated_at, updated_by and deleted_at. */
export type VersionedTable =
  | 'customers'
  | 'contacts'
  | 'deals'
  | 'orders'
  | 'interactions'
  | 'tasks'
  | 'tags'
  | 'pipeline_stages'
  | 'custom_field_defs'
  | 'segments';

export function staleError(entity: string, id: number, current: number): AppError {
  return new AppError('stale', {
    message: `${entity} ${id} was changed by someone else (now version ${current}); reload it and apply your change again`,
    messageCode: 'record.stale',
    params: { entity, id, version: current },
  });
}

/** Throws 412 when the caller's If-Match version is not the stored one. */
export function checkVersion(entity: string, id: number, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw staleError(entity, id, current);
}

/**
 * Writes `values` only if the row is still at `version`, bumping it: a concurrent writer that
 * read the same version gets 412 instead of silently losing the other's change.
 */
export async function updateVersioned(
  db: Kysely<Schema>,
  target: { table: VersionedTable; entity: string; id: number; version: number },
  values: Record<string, unknown>,
  actor: Actor,
  now: string,
): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one statement for every versioned table
  const result = await (db as Kysely<any>)
    .updateTable(target.table)
    .set({ ...values, version: sql`version + 1`, updated_at: now, updated_by: actor.userId })
    .where('id', '=', target.id)
    .where('version', '=', target.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const row = await db.selectFrom(target.table).select('version').where('id', '=', target.id).executeTakeFirst();
    if (!row) throw notFound(target.entity, target.id);
    throw staleError(target.entity, target.id, row.version);
  }
}
