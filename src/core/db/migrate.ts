import { sql, type Kysely } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import type { Database } from './create-db.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
  backup: string | null;
}

type Untyped = Kysely<unknown>;
type MigrationList = ReadonlyArray<readonly [string, Migration]>;

export async function ensureLedger(db: Untyped): Promise<void> {
  await sql`create table if not exists kehu_migrations (name text not null primary key, applied_at text not null)`.execute(db);
}

export async function appliedNames(db: Untyped): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`select name from kehu_migrations`.execute(db);
  return new Set(rows.map((r) => r.name));
}

/**
 * Applies pending migrations in one transaction: all of them land or none does. When the
 * database already holds a schema, `backup` runs first (kehu takes a verified backup there, see
 * open-deps.ts); if it throws, nothing is migrated. Safe to call from several processes at once.
 */
export async function migrate(
  database: Pick<Database, 'db' | 'dialect'>,
  options: { now?: Date; migrations?: MigrationList; backup?: (pending: string[]) => Promise<string | null> } = {},
): Promise<MigrationReport> {
  const db = database.db as unknown as Untyped;
  const list = options.migrations ?? allMigrations;
  const now = options.now ?? new Date();
  await ensureLedger(db);
  const before = await appliedNames(db);
  const pending = list.filter(([name]) => !before.has(name));
  if (pending.length === 0) return { applied: [], alreadyApplied: before.size, backup: null };

  const backup = before.size > 0 && options.backup ? await options.backup(pending.map(([name]) => name)) : null;
  const applied: string[] = [];
  let current = pending[0]?.[0];
  try {
    await db.transaction().execute(async (trx) => {
      await database.dialect.lockForMigration(trx);
      const done = await appliedNames(trx);
      for (const [name, migration] of list) {
        if (done.has(name)) continue;
        current = name;
        await applyMigration(trx, database.dialect, [name, migration], now.toISOString());
        applied.push(name);
      }
    });
  } catch (error) {
    throw new AppError('internal', {
      message: `migration ${current} failed and nothing was changed: ${(error as Error).message}`,
      cause: error,
    });
  }
  return { applied, alreadyApplied: before.size, backup };
}

/** Runs one migration's `up` inside the caller's transaction and records it in the ledger. */
export async function applyMigration(trx: Untyped, dialect: Pick<Database['dialect'], 'migrationKit'>, [name, migration]: readonly [string, Migration], appliedAt: string): Promise<void> {
  await migration.up(trx, dialect.migrationKit);
  await sql`insert into kehu_migrations (name, applied_at) values (${name}, ${appliedAt})`.execute(trx);
}

/** Reverts the newest applied migration (for development and tests). */
export async function migrateDown(database: Pick<Database, 'db' | 'dialect'>): Promise<string | null> {
  const db = database.db as unknown as Untyped;
  await ensureLedger(db);
  const done = await appliedNames(db);
  const last = [...allMigrations].reverse().find(([name]) => done.has(name));
  if (!last) return null;
  await db.transaction().execute(async (trx) => {
    await database.dialect.lockForMigration(trx);
    await last[1].down(trx, database.dialect.migrationKit);
    await sql`delete from kehu_migrations where name = ${last[0]}`.execute(trx);
  });
  return last[0];
}
