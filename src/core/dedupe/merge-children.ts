import { sql, type Kysely } from 'kysely';
import type { FieldChanges } from '../../domain/audit.ts';
import { recordBulkAudit } from '../audit/record-bulk-audit.ts';
import type { Ctx } from '../context.ts';
import type { Schema } from '../db/schema.ts';

type ChildTable = 'contacts' | 'deals' | 'orders' | 'interactions' | 'tasks';

export interface ChildLink {
  table: ChildTable;
  column: 'customer_id' | 'contact_id';
}

/** What belongs to a customer and follows it into the survivor. */
export const CUSTOMER_CHILDREN: readonly ChildLink[] = [
  { table: 'contacts', column: 'customer_id' },
  { table: 'deals', column: 'customer_id' },
  { table: 'orders', column: 'customer_id' },
  { table: 'interactions', column: 'customer_id' },
  { table: 'tasks', column: 'customer_id' },
];

/** What refers to a contact and follows it into the surviving contact. */
export const CONTACT_CHILDREN: readonly ChildLink[] = [
  { table: 'deals', column: 'contact_id' },
  { table: 'interactions', column: 'contact_id' },
  { table: 'tasks', column: 'contact_id' },
];

/** Ids of moved rows by "table.column". */
export type MovedRows = Record<string, number[]>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one statement for every child table
const loose = (db: Kysely<Schema>) => db as Kysely<any>;

async function repoint(db: Kysely<Schema>, link: ChildLink, ids: number[], from: number, to: number, actorId: number | null, now: string) {
  for (let i = 0; i < ids.length; i += 500) {
    await loose(db)
      .updateTable(link.table)
      .set({ [link.column]: to, version: sql`version + 1`, updated_at: now, updated_by: actorId })
      .where('id', 'in', ids.slice(i, i + 500))
      .where(link.column, '=', from)
      .execute();
  }
}

/**
 * Points every child row of `fromId` (deleted ones too, so the recycle bin stays whole) at
 * `toId`, bumping their versions; returns the ids moved, for undo.
 */
export async function moveChildren(
  db: Kysely<Schema>,
  links: readonly ChildLink[],
  move: { fromId: number; toId: number; actorId: number | null; now: string },
): Promise<MovedRows> {
  const moved: MovedRows = {};
  for (const link of links) {
    const rows: Array<{ id: number }> = await loose(db).selectFrom(link.table).select('id').where(link.column, '=', move.fromId).orderBy('id').execute();
    const ids = rows.map((r) => Number(r.id));
    await repoint(db, link, ids, move.fromId, move.toId, move.actorId, move.now);
    moved[`${link.table}.${link.column}`] = ids;
  }
  return moved;
}

/** Moves the rows a merge moved back, those still on the survivor; returns how many per table. */
export async function moveChildrenBack(
  db: Kysely<Schema>,
  links: readonly ChildLink[],
  moved: MovedRows,
  move: { fromId: number; toId: number; actorId: number | null; now: string },
): Promise<void> {
  for (const link of links) {
    const ids = moved[`${link.table}.${link.column}`] ?? [];
    await repoint(db, link, ids, move.fromId, move.toId, move.actorId, move.now);
  }
}

export const movedCounts = (moved: MovedRows): Record<string, number> =>
  Object.fromEntries(Object.entries(moved).map(([key, ids]) => [key, ids.length]));

const ENTITY_OF: Record<ChildTable, string> = { contacts: 'contact', deals: 'deal', orders: 'order', interactions: 'interaction', tasks: 'task' };
const FIELD_OF: Record<ChildLink['column'], string> = { customer_id: 'customerId', contact_id: 'contactId' };

/**
 * Writes the rows a merge (or its undo) moved into each one's own history: one entry per child
 * table covering its moved rows, e.g. deals' `customerId: [merged, survivor]` beside `note`.
 */
export async function auditMovedChildren(ctx: Ctx, moved: MovedRows, move: { fromId: number; toId: number }, note: FieldChanges): Promise<void> {
  for (const [key, ids] of Object.entries(moved)) {
    const [table, column] = key.split('.') as [ChildTable, ChildLink['column']];
    await recordBulkAudit(ctx, {
      action: 'update',
      entity: ENTITY_OF[table],
      subjects: ids.map((id) => ({ id, row: null })),
      changes: { [FIELD_OF[column]]: [move.fromId, move.toId], ...note },
    });
  }
}
