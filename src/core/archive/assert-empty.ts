import { sql, type Kysely } from 'kysely';
import { codedError } from '../../domain/errors.ts';
import type { TableInfo } from '../db/dialects/housekeeping.ts';

/** Tables that hold what people put in; a workspace with none of these rows has never been used. */
const USED_IF_ANY = ['users', 'customers', 'audit_log'] as const;

/** Refuses a database someone has used: loading an archive replaces everything in it. */
export async function assertEmptyDatabase(db: Kysely<unknown>, tables: TableInfo[]): Promise<void> {
  const present = new Set(tables.map((t) => t.name));
  const held: string[] = [];
  for (const table of USED_IF_ANY) {
    if (!present.has(table)) continue;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    const count = Number(rows[0]?.n ?? 0);
    if (count > 0) held.push(`${count} ${table.replace('_', ' ')}`);
  }
  if (held.length > 0) {
    throw codedError('conflict', 'archive.not_empty', { held: held.join(', ') });
  }
}
