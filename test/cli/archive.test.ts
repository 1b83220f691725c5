import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { search } from '../../src/core/search/search.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { readTar, tarEnd, tarEntry } from '../../src/core/archive/tar.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

type Db = TestDatabase & { drop(): Promise<void> };
const depsOf = (db: TestDatabase): Deps => ({ db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring });

async function filesOf(archive: string) {
  const files = [];
  for await (const file of readTar([gunzipSync(readFileSync(archive))], 1 << 26)) files.push(file);
  return files;
}

function repack(files: Array<{ name: string; data: Buffer }>, target: string) {
  const parts = files.flatMap((f) => tarEntry(f.name, f.data, new Date(0)));
  writeFileSync(target, gzipSync(Buffer.concat([...parts, tarEnd()])));
}

describe.skipIf(inject('pgTemplate') === null)('kehu archive: SQLite → PostgreSQL → SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-archive-'));
  const opened: Db[] = [];
  let source: Db;
  let customerId: number;
  let adminId: number;
  /** Ids the search use case finds for `q` in `db`, as the admin. */
  const found = async (db: TestDatabase, q: string) => {
    const ctx: Ctx = { ...depsOf(db), actor: { userId: adminId, role: 'admin', teamId: null, canWrite: true } };
    return (await search(ctx, { q, limit: 50 })).items.map((i) => i.id);
  };
  const open = async (kind: 'sqlite' | 'postgres') => {
    const db = await createTestDatabase(kind);
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    source = await open('sqlite');
    const deps = depsOf(source);
    await seedDemo(deps, { customers: 25 });
    const admin = await deps.db.selectFrom('users').select(['id', 'role']).where('role', '=', 'admin').executeTakeFirstOrThrow();
    adminId = admin.id;
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    customerId = (await createCustomer(ctx, { kind: 'person', name: '王芳', idNumber: '110105 1949 1231 002x', bankAccount: '6222 0202 0011 2233 445' })).id;
  }, 120_000);

  afterAll(async () => {
    for (const db of opened) await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves every row, id, version, timestamp, encrypted value and the audit chain there and back', async () => {
    const first = join(dir, 'from-sqlite.tar.gz');
    const exported = await runKehu(['archive', 'export', first, '--json'], cliEnv(source));
    expect(exported.code).toBe(0);
    const summary = JSON.parse(exported.stdout);
    expect(summary.rows.customers).toBe(26);
    expect(summary.keyIds).toEqual(['env']);
    expect(summary.audit.entries).toBeGreaterThan(26);

    const pg = await open('postgres');
    const loaded = await runKehu(['archive', 'import', first, '--json'], cliEnv(pg));
    expect(loaded.stderr).not.toContain('unexpected');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout).rows).toEqual(summary.rows);
    const original = await allRows(source);
    expect(differences(original, await allRows(pg))).toEqual([]);
    const pgAudit = await runKehu(['audit', 'verify', '--json'], cliEnv(pg));
    expect(pgAudit.code).toBe(0);
    expect(JSON.parse(pgAudit.stdout)).toEqual({ ok: true, entries: summary.audit.entries });
    // The search indexes were built after the load: a word inside a name and one Chinese character find 王芳.
    expect(await found(pg, '芳')).toContain(customerId);

    const second = join(dir, 'from-postgres.tar.gz');
    expect((await runKehu(['archive', 'export', second], cliEnv(pg))).code).toBe(0);
    const back = await open('sqlite');
    const reloaded = await runKehu(['archive', 'import', second], cliEnv(back));
    expect(reloaded.code).toBe(0);
    expect(reloaded.stdout).toContain('from a postgres archive');
    expect(differences(original, await allRows(back))).toEqual([]);
    expect(await found(back, '芳')).toContain(customerId);
    expect((await runKehu(['audit', 'verify'], cliEnv(back))).stdout).toContain(`audit log intact: ${summary.audit.entries} entries`);

    // Last (a new user is audited): the identity continues past the loaded ids, and the encrypted value reads back.
    const pgDeps = depsOf(pg);
    const user = await createUser(pgDeps, { email: 'after-move@example.com', name: 'After', role: 'admin' }, null);
    expect(user.id).toBeGreaterThan(Math.max(...(original.get('users') ?? []).map((u) => Number(u.id))));
    const revealed = await pgDeps.db.selectFrom('customers').select('id_number_enc').where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(revealed.id_number_enc).toBe((original.get('customers') ?? []).find((c) => c.id === customerId)?.id_number_enc);
  }, 120_000);

  it('refuses a database someone has used, and changes nothing in it', async () => {
    const archive = join(dir, 'refused.tar.gz');
    await runKehu(['archive', 'export', archive], cliEnv(source));
    const before = await allRows(source);
    const run = await runKehu(['archive', 'import', archive], cliEnv(source));
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/target database is not empty \(it holds \d+ users, \d+ customers, \d+ audit log\)/);
    expect(differences(before, await allRows(source))).toEqual([]);
  });

  it('refuses a damaged or altered archive and leaves the empty database empty', async () => {
    const archive = join(dir, 'good.tar.gz');
    await runKehu(['archive', 'export', archive], cliEnv(source));
    const target = await open('postgres');
    const emptyBefore = await allRows(target);

    const cut = join(dir, 'cut.tar.gz');
    const bytes = readFileSync(archive);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cutRun = await runKehu(['archive', 'import', cut], cliEnv(target));
    expect(cutRun.code).toBe(2);
    // zlib's "unexpected end of file", said as the damaged file and where unpacking stopped
    expect(cutRun.stderr).toMatch(/cut\.tar\.gz is damaged: unpacking it fails at byte \d+/);
    const zhRun = await runKehu(['archive', 'import', cut, '--lang', 'zh'], cliEnv(target));
    expect(zhRun.stderr).toMatch(/cut\.tar\.gz 已损坏：解压到第 \d+ 字节时失败/);
    expect(zhRun.stderr).not.toContain('unexpected end');

    const files = await filesOf(archive);
    const part = files.find((f) => f.name.startsWith('tables/customers/'));
    if (!part) throw new Error('no customers part');
    part.data = Buffer.from(part.data.toString('utf8').replace('"name":"王芳"', '"name":"王芬"'));
    const altered = join(dir, 'altered.tar.gz');
    repack(files, altered);
    const alteredRun = await runKehu(['archive', 'import', altered], cliEnv(target));
    expect(alteredRun.code).toBe(2);
    expect(alteredRun.stderr).toMatch(/table customers holds 26 rows that do not match the manifest/);

    const notAnArchive = join(dir, 'notes.tar.gz');
    writeFileSync(notAnArchive, 'hello');
    expect((await runKehu(['archive', 'import', notAnArchive], cliEnv(target))).code).toBe(2);
    expect(differences(emptyBefore, await allRows(target))).toEqual([]);
  });

  it('refuses an archive from a newer kehu, naming the migrations it does not know', async () => {
    const archive = join(dir, 'newer-src.tar.gz');
    await runKehu(['archive', 'export', archive], cliEnv(source));
    const files = await filesOf(archive);
    const header = files[0] as { name: string; data: Buffer };
    const parsed = JSON.parse(header.data.toString('utf8'));
    parsed.migrations.push({ name: '2099-01-01T0000-future', appliedAt: '2099-01-01T00:00:00.000Z' });
    header.data = Buffer.from(JSON.stringify(parsed));
    const newer = join(dir, 'newer.tar.gz');
    repack(files, newer);
    const target = await open('sqlite');
    const run = await runKehu(['archive', 'import', newer], cliEnv(target));
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('2099-01-01T0000-future are unknown to this one');
  });
});
