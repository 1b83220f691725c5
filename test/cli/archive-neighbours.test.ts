import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { readTar } from '../../src/core/archive/tar.ts';
import { KEHU_TABLES } from '../../src/core/db/kehu-tables.ts';
import { databaseHealth } from '../../src/core/health/database-health.ts';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, forEachDialect, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

type Raw = Kysely<unknown>;
const rawOf = (db: TestDatabase) => db.db as unknown as Raw;
const depsOf = (db: TestDatabase): Deps => ({ db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring });

/** Every ordinary table of the database (or PostgreSQL schema), kehu's or not. */
async function everyTable(db: TestDatabase): Promise<string[]> {
  const { rows } =
    db.name === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(rawOf(db))
      : await sql<{ name: string }>`select l.name as name from pragma_table_list l where l.schema = 'main' and l.type = 'table' and l.name not like 'sqlite\\_%' escape '\\'`.execute(rawOf(db));
  return rows.map((r) => r.name).sort();
}

/** Another application's table beside kehu's, with a row and (on PostgreSQL) a trigger whose function it uses. */
async function addNeighbour(db: TestDatabase, note: string): Promise<void> {
  const raw = rawOf(db);
  await sql`create table erp_invoices (id integer primary key, note text not null, touched integer not null default 0)`.execute(raw);
  if (db.name === 'postgres') {
    // named like kehu's own trigger functions (…_fn) on purpose
    await sql.raw(`create function erp_touch_fn() returns trigger language plpgsql as $$ begin new.touched := 1; return new; end $$`).execute(raw);
    await sql`create trigger erp_touch before insert on erp_invoices for each row execute function erp_touch_fn()`.execute(raw);
  } else {
    await sql`create trigger erp_touch after insert on erp_invoices begin update erp_invoices set touched = 1 where id = new.id; end`.execute(raw);
  }
  await sql`insert into erp_invoices (id, note) values (1, ${note})`.execute(raw);
}

const neighbourRows = async (db: TestDatabase) =>
  (await sql<{ id: number; note: string; touched: number }>`select id, note, touched from erp_invoices order by id`.execute(rawOf(db))).rows.map((r) => ({ ...r, id: Number(r.id), touched: Number(r.touched) }));

forEachDialect('kehu archive beside another application’s tables', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-archive-neighbours-'));
  const opened: Array<TestDatabase & { drop(): Promise<void> }> = [];

  beforeAll(async () => {
    await seedDemo(depsOf(db()), { customers: 5 });
    await addNeighbour(db(), 'the source’s own invoice');
  }, 120_000);

  afterAll(async () => {
    for (const database of opened) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every table kehu’s migrations make is one kehu knows as its own', async () => {
    const target = await createTestDatabase(db().name);
    opened.push(target);
    const tables = await everyTable(target);
    expect(tables.length).toBeGreaterThan(30);
    expect(tables.filter((t) => !KEHU_TABLES.has(t))).toEqual([]);
  });

  it('export leaves the other table out; import into a database that has one keeps it, its rows and its trigger; the health report counts only kehu’s', async () => {
    const archive = join(dir, 'kehu.tar.gz');
    const exported = await runKehu(['archive', 'export', archive, '--json'], cliEnv(db()));
    expect(exported.code, exported.stderr).toBe(0);
    expect(Object.keys(JSON.parse(exported.stdout).rows)).not.toContain('erp_invoices');
    const names: string[] = [];
    for await (const file of readTar([gunzipSync(readFileSync(archive))], 1 << 26)) names.push(file.name);
    expect(names.filter((n) => n.includes('erp_invoices'))).toEqual([]);

    const target = await createTestDatabase(db().name);
    opened.push(target);
    await addNeighbour(target, 'the target’s own invoice');
    const loaded = await runKehu(['archive', 'import', archive, '--json'], cliEnv(target));
    expect(loaded.stderr).not.toContain('erp_invoices');
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout).rows.customers).toBe(5);
    expect(await neighbourRows(target)).toEqual([{ id: 1, note: 'the target’s own invoice', touched: 1 }]);
    // its trigger (and on PostgreSQL the function behind it) still works
    await sql`insert into erp_invoices (id, note) values (2, 'after the import')`.execute(rawOf(target));
    expect((await neighbourRows(target))[1]).toEqual({ id: 2, note: 'after the import', touched: 1 });

    const health = await databaseHealth(depsOf(target));
    expect(health.tables.map((t) => t.name)).toContain('customers');
    expect(health.tables.map((t) => t.name)).not.toContain('erp_invoices');
    expect(await neighbourRows(db())).toEqual([{ id: 1, note: 'the source’s own invoice', touched: 1 }]);
  }, 120_000);
});
