import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/create-db.ts';
import { migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { migrations } from '../../src/core/db/migrations/index.ts';
import { forEachDialect } from '../support/databases.ts';

const tableNames = async (db: Kysely<unknown>) => (await db.introspection.getTables()).map((t) => t.name);
/** Every table with its columns: what a migration's up adds and its down removes. */
const schemaShape = async (db: Kysely<unknown>) =>
  (await db.introspection.getTables()).map((t) => `${t.name}(${t.columns.map((c) => c.name).sort().join(',')})`);

const broken = [
  'zz-broken',
  {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
      await sql`insert into customers (no_such_column) values (1)`.execute(db);
    },
    async down() {},
  },
] as const;

forEachDialect('migrations', (db) => {
  it('are up to date after setup and a second run changes nothing', async () => {
    const report = await migrate(db());
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(migrations.length);
  });

  it('a failing migration leaves the database exactly as it was', async () => {
    const before = await tableNames(db().db as unknown as Kysely<unknown>);
    await expect(migrate(db(), { migrations: [...migrations, broken] })).rejects.toThrow(/zz-broken failed and nothing was changed/);
    expect(await tableNames(db().db as unknown as Kysely<unknown>)).toEqual(before);
    const { rows } = await sql<{ name: string }>`select name from kehu_migrations`.execute(db().db);
    expect(rows.map((r) => r.name)).not.toContain('zz-broken');
  });

  it('can be reverted and applied again', async () => {
    const before = await schemaShape(db().db as unknown as Kysely<unknown>);
    expect(await migrateDown(db())).toBe(migrations.at(-1)?.[0]);
    expect(await schemaShape(db().db as unknown as Kysely<unknown>)).not.toEqual(before);
    expect((await migrate(db())).applied).toEqual([migrations.at(-1)?.[0]]);
    expect(await schemaShape(db().db as unknown as Kysely<unknown>)).toEqual(before);
  });
});

describe('migrations on SQLite files', () => {
  it('back up the file before applying a pending migration', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'kehu-migrate-'));
    const database = openDatabase({ dataDir });
    try {
      const first = await migrate(database, { migrations: migrations.slice(0, 1) });
      expect(first.backup).toBeNull();
      const harmless = ['zz-harmless', { async up(d: Kysely<unknown>) { await d.schema.createTable('extra').addColumn('id', 'integer').execute(); }, async down() {} }] as const;
      const second = await migrate(database, { migrations: [...migrations.slice(0, 1), harmless] });
      expect(second.applied).toEqual(['zz-harmless']);
      expect(second.backup).toMatch(/backups\/pre-migrate-.*\.sqlite$/);
      expect(existsSync(second.backup as string)).toBe(true);
      const copy = openDatabase({ dataDir: join(dataDir, 'backups'), fileName: (second.backup as string).split('/').pop() });
      expect(await tableNames(copy.db as unknown as Kysely<unknown>)).not.toContain('extra');
      await copy.close();
    } finally {
      await database.close();
    }
  });
});
