import { sql, type AliasedRawBuilder, type Expression, type SqlBool } from 'kysely';
import { AppError, notFound } from '../../domain/errors.ts';

/**
 * Whether the actor may change the row, selected with it: a loader for writing reads the record
 * and its write rule in one query, so "visible" and "writable" are judged on the same row.
 */
export const mayWrite = (rule: Expression<SqlBool>): AliasedRawBuilder<number, 'may_write'> =>
  sql<number>`case when ${rule} then 1 else 0 end`.as('may_write');

export const readOnly = (entity: string, id: number) => new AppError('forbidden', { message: `${entity} ${id} is read-only for you`, messageCode: 'record.read_only', params: { entity, id } });

/** 404 when the row was not visible, 403 when visible but read-only; else the row without its flag. */
export function writableRow<Row extends { may_write: unknown }>(entity: string, id: number, row: Row | undefined): Omit<Row, 'may_write'> {
  if (!row) throw notFound(entity, id);
  const { may_write: flag, ...rest } = row;
  if (Number(flag) !== 1) throw readOnly(entity, id);
  return rest;
}
