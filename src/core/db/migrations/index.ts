import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';
import * as initial from './2026-11-22T1600-initial.ts';
import * as auditLog from './2026-11-22T1800-audit-log.ts';
import * as sensitiveFields from './2026-11-22T1901-sensitive-fields.ts';
import * as sessions from './2026-11-22T1900-sessions.ts';
import * as access from './2026-11-22T1902-access.ts';
import * as duplicates from './2026-11-22T2003-duplicates.ts';

export interface Migration {
  up(db: Kysely<unknown>, kit: MigrationKit): Promise<void>;
  down(db: Kysely<unknown>, kit: MigrationKit): Promise<void>;
}

/** Every migration, oldest first. Names are timestamps and never change once released. */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['2026-11-22T1600-initial', initial],
  ['2026-11-22T1800-audit-log', auditLog],
  ['2026-11-22T1901-sensitive-fields', sensitiveFields],
  ['2026-11-22T1900-sessions', sessions],
  ['2026-11-22T1902-access', access],
  ['2026-11-22T2003-duplicates', duplicates],
];
