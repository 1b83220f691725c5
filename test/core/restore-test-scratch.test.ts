import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/core/archive/archive-format.ts';
import { exportArchive } from '../../src/core/archive/export-archive.ts';
import { chunksOf } from '../../src/core/archive/import-archive.ts';
import { loadArchive } from '../../src/core/archive/load-archive.ts';
import { readTar } from '../../src/core/archive/tar.ts';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import { verifyBackup } from '../../src/core/backup/verify-backup.ts';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const CUSTOMERS = 300;

forEachDialect('a restore test beside the live database', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-restore-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'scratch@example.com', name: 'Scratch', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    for (let i = 0; i < CUSTOMERS; i++) {
      await createCustomer(ctx, { kind: 'company', name: `上海测试贸易有限公司 ${i}`, phones: [{ value: `1391${String(i).padStart(7, '0')}` }], address: '浦东新区世纪大道 100 号'.repeat(3) });
    }
  }, 120_000);

  it('of a backup at this kehu’s schema passes', async () => {
    const info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null });
    const report = await verifyBackup({ database: db(), crypto: testKeyring, now: new Date() }, info.path, null);
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks.find((c) => c.check === 'rows')?.ok).toBe(true);
  });

  it('loads a scratch copy (PostgreSQL: in a schema of the live database) in tables that write no WAL, foreign keys and all', async (context) => {
    // SQLite's restore test unpacks a file of its own: nothing is loaded beside the live tables
    if (db().dialect.name !== 'postgres') context.skip();
    const archive = join(dir, 'scratch.kehu-archive.tar.gz');
    await exportArchive(db(), archive, { now: new Date() });
    const raw = db().db as unknown as Kysely<unknown>;
    const foreignKeys = (trx: Kysely<unknown>) => sql<{ n: string }>`select count(*)::text as n from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace s on s.oid = c.relnamespace and s.nspname = current_schema() where k.contype = 'f'`.execute(trx);
    const live = Number((await foreignKeys(raw)).rows[0]?.n);
    expect(live).toBeGreaterThan(10);
    const seen = await raw
      .transaction()
      .execute(async (trx) => {
        await sql`create schema kehu_scratch_test`.execute(trx);
        await sql`select set_config('search_path', 'kehu_scratch_test, public', true)`.execute(trx);
        const report = await loadArchive({ db: trx as never, dialect: db().dialect }, readTar(chunksOf(createReadStream(archive).pipe(createGunzip()), 'scratch'), MAX_FILE_BYTES), { now: new Date(), requireEmpty: false, migrateForward: false, unlogged: true });
        const { rows } = await sql<{ persistence: string; n: string }>`select c.relpersistence as persistence, count(*)::text as n from pg_class c join pg_namespace s on s.oid = c.relnamespace and s.nspname = current_schema() where c.relkind in ('r', 'i') group by 1`.execute(trx);
        const result = { customers: report.rows.customers, persistence: Object.fromEntries(rows.map((r) => [r.persistence, Number(r.n)])), foreignKeys: Number((await foreignKeys(trx)).rows[0]?.n) };
        throw Object.assign(new Error('roll back'), { result });
      })
      .catch((error: { result?: unknown }) => error.result ?? error);
    expect(seen).toMatchObject({ customers: CUSTOMERS, foreignKeys: live });
    // every table and index of the copy is unlogged ('u'), none permanent ('p')
    expect((seen as { persistence: Record<string, number> }).persistence).toEqual({ u: expect.any(Number) });
    const { rows: left } = await sql`select 1 from pg_namespace where nspname = 'kehu_scratch_test'`.execute(raw);
    expect(left).toEqual([]);
  });

  it('of a backup older than this kehu runs the newer migrations forward on the copy, and passes', async () => {
    const last = await migrateDown(db());
    expect(last).toBeTruthy();
    try {
      const info = await createBackup(db(), new Date(), { dir, trigger: 'manual', secret: null });
      await migrate(db());
      const report = await verifyBackup({ database: db(), crypto: testKeyring, now: new Date() }, info.path, null);
      expect(report.ok, JSON.stringify(report.checks)).toBe(true);
      expect(report.checks.find((c) => c.check === 'upgrade')?.detail).toMatch(/^1 newer migrations ran forward/);
    } finally {
      await migrate(db());
    }
  });
});
