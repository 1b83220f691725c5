import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { backupBeforeMigration } from '../../src/core/backup/backup-before-migration.ts';
import { listBackups } from '../../src/core/backup/list-backups.ts';
import { testKeyring } from '../support/keyring.ts';
import { migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { migrations } from '../../src/core/db/migrations/index.ts';
import { forEachDialect, type TestDatabase } from '../support/databases.ts';

const tableNames = async (db: Kysely<unknown>) => (await db.introspection.getTables()).map((t) => t.name);
/** Every table with its columns, and every index: what a migration's up adds and its down removes. */
const schemaShape = async (database: TestDatabase) => {
  const db = database.db as unknown as Kysely<unknown>;
  const tables = (await db.introspection.getTables()).map((t) => `${t.name}(${t.columns.map((c) => c.name).sort().join(',')})`);
  const indexes =
    database.name === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index'`
      : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`;
  return [...tables, ...(await indexes.execute(db)).rows.map((r) => `index ${r.name}`).sort()];
};

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
    const before = await schemaShape(db());
    expect(await migrateDown(db())).toBe(migrations.at(-1)?.[0]);
    expect(await schemaShape(db())).not.toEqual(before);
    expect((await migrate(db())).applied).toEqual([migrations.at(-1)?.[0]]);
    expect(await schemaShape(db())).toEqual(before);
  });
});

forEachDialect('upgrades take a verified backup first', (db) => {
  it('backs up and restore-tests the database before a pending migration; a failing one still leaves it as it was', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'kehu-pre-migrate-'));
    try {
      const backup = backupBeforeMigration(db(), testKeyring, { dir, secret: null, metricsToken: undefined }, () => new Date());
      const harmless = ['zz-harmless', { async up(d: Kysely<unknown>) { await d.schema.createTable('extra').addColumn('id', 'integer').execute(); }, async down(d: Kysely<unknown>) { await d.schema.dropTable('extra').execute(); } }] as const;
      const report = await migrate(db(), { migrations: [...migrations, harmless], backup });
      expect(report.applied).toEqual(['zz-harmless']);
      expect(report.backup).toMatch(/kehu-\d{8}-\d{6}-pre-migration\.kehubackup$/);
      const listed = listBackups(dir);
      expect(listed).toHaveLength(1);
      expect(listed[0]?.manifest?.migrations.map((m) => m.name)).not.toContain('zz-harmless');
      expect(listed[0]?.manifest?.digests).not.toHaveProperty('extra');
      await sql`drop table if exists extra`.execute(db().db);
      await sql`delete from kehu_migrations where name = 'zz-harmless'`.execute(db().db);

      const before = await tableNames(db().db as unknown as Kysely<unknown>);
      await expect(migrate(db(), { migrations: [...migrations, broken], backup })).rejects.toThrow(/zz-broken failed and nothing was changed/);
      expect(await tableNames(db().db as unknown as Kysely<unknown>)).toEqual(before);
      expect(listBackups(dir)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
