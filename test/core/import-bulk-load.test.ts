import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it, onTestFinished } from 'vitest';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { deferIndexes } from '../../src/core/imports/bulk-load.ts';
import { resumeInterruptedImports } from '../../src/core/imports/resume-imports.ts';
import { runImportJob, type ImportProgress } from '../../src/core/imports/run-import-job.ts';
import { startImport } from '../../src/core/imports/start-import.ts';
import { search } from '../../src/core/search/search.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇'];

/** A customer CSV with Chinese and Latin names, mixed phone formats, repeated phones and bad rows. */
function customerCsv(rows: number): string {
  const lines = ['客户名称,手机,邮箱,城市'];
  for (let i = 0; i < rows; i++) {
    const name = i % 3 === 0 ? `Bulk Trading ${i} Ltd` : `${SURNAMES[i % 8]}${GIVEN[i % 10]}${GIVEN[(i >> 3) % 10]}`;
    const mobile = `139${String(10_000_000 + i).slice(-8)}`;
    const phone = i % 50 === 7 ? '12345' : i % 40 === 5 ? `139${String(10_000_000 + i - 1).slice(-8)}` : i % 2 ? `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}` : mobile;
    lines.push(`${name},${phone},${i % 4 === 0 ? `BULK${i}@EXAMPLE.COM` : ''},${i % 2 ? '上海' : 'Beijing'}`);
  }
  return `${lines.join('\n')}\n`;
}

let users = 0;

/** A new importing admin and a file of `rows` customers, in a database without customers (a large import is one that at least doubles the table). */
async function setUp(db: () => TestDatabase, rows: number): Promise<{ deps: Deps; ctx: Ctx; path: string }> {
  const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
  for (const table of ['customer_tags', 'contact_points', 'customers'] as const) await deps.db.deleteFrom(table).execute();
  const admin = await createUser(deps, { email: `bulk-${++users}@import.test`, name: 'Bulk', role: 'admin' }, null);
  const ctx = { ...deps, actor: { userId: admin.id, role: 'admin' as const, teamId: null, canWrite: true } };
  const path = join(mkdtempSync(join(tmpdir(), 'kehu-bulk-')), 'bulk.csv');
  writeFileSync(path, customerCsv(rows));
  return { deps, ctx, path };
}

async function indexesOf(deps: Deps, tables: string[]): Promise<string[]> {
  if (deps.dialect.name === 'sqlite') {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name in (${sql.join(tables)}) order by name`.execute(deps.db);
    return rows.rows.map((r) => r.name);
  }
  const rows = await sql<{ name: string }>`select indexname as name from pg_indexes where tablename in (${sql.join(tables)}) order by indexname`.execute(deps.db);
  return rows.rows.map((r) => r.name);
}

const TABLES = ['customers', 'contact_points', 'customer_tags'];

forEachDialect('large imports', (db) => {
  it('load without the list and search indexes and build them again at the end; lists and search use them afterwards', async () => {
    const { deps, ctx, path } = await setUp(db, 400);
    const before = await indexesOf(deps, TABLES);
    const job = await startImport(ctx, { filePath: path, options: { batchSize: 100 } });
    const phases = new Set<ImportProgress['phase']>();
    let during: Promise<string[]> | null = null;
    let mapDuring: Promise<number | null> | null = null;
    const mapSize = async () => (deps.dialect.name === 'sqlite' ? Number((await sql<{ mmap_size: number }>`pragma mmap_size`.execute(deps.db)).rows[0]?.mmap_size) : null);
    const checkpointEvery = async () => (deps.dialect.name === 'sqlite' ? Number((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(deps.db)).rows[0]?.wal_autocheckpoint) : null);
    let checkpointDuring: Promise<number | null> | null = null;
    const mapBefore = await mapSize();
    const done = await runImportJob(deps, job.id, {
      bulkLoadMinRows: 100,
      // The indexes as they are right after the first batch, read in the pause after it.
      pauseMs: 20,
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.rows === 100) {
          during = indexesOf(deps, TABLES);
          mapDuring = mapSize();
          checkpointDuring = checkpointEvery();
        }
      },
    });
    // The load reads the file without the memory map (resident memory stays flat) and checkpoints less often, then puts both back.
    if (deps.dialect.name === 'sqlite') {
      expect(mapBefore).toBeGreaterThan(0);
      expect(await (mapDuring as Promise<number | null> | null)).toBe(0);
      expect(await mapSize()).toBe(mapBefore);
      expect(await (checkpointDuring as Promise<number | null> | null)).toBe(20_000);
      expect(await checkpointEvery()).toBe(1_000);
    }
    expect(done.status).toBe('done');
    const whileLoading = await (during as Promise<string[]> | null);
    expect(whileLoading).toContain('contact_points_value_idx');
    expect(whileLoading).toContain('customers_external_id_uq');
    expect(whileLoading).not.toContain('customers_name_pinyin_idx');
    expect(whileLoading).not.toContain('customers_created_idx');
    if (deps.dialect.name === 'postgres') expect(whileLoading).not.toContain('customers_search_trgm_idx');
    expect(await indexesOf(deps, TABLES)).toEqual(before);
    expect(await deps.db.selectFrom('deferred_indexes').select('name').execute()).toEqual([]);
    expect(done.counts).toEqual({ created: 382, updated: 0, skipped: 10, invalid: 8 });
    expect(phases).toEqual(new Set(['rows', 'indexing']));
    if (deps.dialect.name === 'sqlite') {
      const plan = await sql<{ detail: string }>`explain query plan select id from customers where name_pinyin glob 'zhang*' order by name_pinyin, id limit 5`.execute(deps.db);
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('customers_name_pinyin_idx');
    }
    const found = await search(ctx, { q: 'zhangweiqiang', limit: 5 });
    expect(found.items.map((i) => i.name)).toContain('张伟强');
    // Two Chinese characters inside a name: the gram index was filled for the loaded rows too.
    const inside = await search(ctx, { q: '伟强', limit: 50 });
    expect(inside.items.map((i) => i.name)).toContain('张伟强');
  });

  it('leave the indexes out while the rows go in, and build them when the import fails', async () => {
    const { deps, ctx, path } = await setUp(db, 300);
    const before = await indexesOf(deps, TABLES);
    const job = await startImport(ctx, { filePath: path, options: { batchSize: 100 } });
    let during: Promise<string[]> | null = null;
    const run = runImportJob(deps, job.id, {
      bulkLoadMinRows: 100,
      pauseMs: 20,
      onProgress: (p) => {
        if (p.rows === 100) during = indexesOf(deps, TABLES);
        // The second batch is in: the import fails here.
        if (p.rows === 200) throw new Error('stopped in the middle');
      },
    });
    await expect(run).rejects.toThrow('stopped in the middle');
    const whileLoading = (await (during as Promise<string[]> | null)) ?? [];
    expect(whileLoading.length).toBeLessThan(before.length);
    const after = await indexesOf(deps, TABLES);
    expect(after).toEqual(before);
    expect(await deps.db.selectFrom('deferred_indexes').select('name').execute()).toEqual([]);
    if (deps.dialect.name === 'sqlite') expect(Number((await sql<{ mmap_size: number }>`pragma mmap_size`.execute(deps.db)).rows[0]?.mmap_size)).toBeGreaterThan(0);
    const row = await deps.db.selectFrom('import_jobs').select(['status', 'last_row']).where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', last_row: 201 });
  });

  it("leave a running import's deferred indexes alone; start-up builds those of an import that stopped", async () => {
    const { deps, ctx, path } = await setUp(db, 300);
    const before = await indexesOf(deps, TABLES);
    // A large import loading in this very process: its indexes are out.
    const loading = await startImport(ctx, { filePath: path, options: { batchSize: 100 } });
    await deps.db.updateTable('import_jobs').set({ status: 'running', runner: `${hostname()}:${process.pid}` }).where('id', '=', loading.id).execute();
    const dropped = await deferIndexes(deps, loading.id, 'customers', ['email', 'phone']);
    expect(dropped).toBeGreaterThan(5);
    // A small import ends meanwhile: it does not build the other one's indexes.
    const small = join(mkdtempSync(join(tmpdir(), 'kehu-small-')), 'small.csv');
    writeFileSync(small, '客户名称,手机\n小李,13911112222\n');
    const smallJob = await runImportJob(deps, (await startImport(ctx, { filePath: small })).id);
    expect(smallJob.counts.created).toBe(1);
    expect((await indexesOf(deps, TABLES)).length).toBe(before.length - dropped);
    // The large import stops without building them (it failed to): the next start-up does.
    await deps.db.updateTable('import_jobs').set({ status: 'failed', runner: null }).where('id', '=', loading.id).execute();
    expect(await resumeInterruptedImports(deps)).toEqual([]);
    for (let i = 0; i < 500 && (await deps.db.selectFrom('deferred_indexes').select('name').execute()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await indexesOf(deps, TABLES)).toEqual(before);
  });

  it('finish an import whose rows are all in even if an index cannot be built, say so, and keep the record for a retry', async () => {
    const { deps, ctx, path } = await setUp(db, 300);
    const before = await indexesOf(deps, TABLES);
    const job = await startImport(ctx, { filePath: path, options: { batchSize: 100 } });
    await deferIndexes(deps, job.id, 'customers', ['email', 'phone']);
    // A record whose SQL no longer runs (say, a later migration dropped its table).
    onTestFinished(() => deps.db.deleteFrom('deferred_indexes').execute().then(() => undefined));
    await deps.db.insertInto('deferred_indexes').values({ name: 'kehu_broken_idx', table_name: 'gone', sql: 'create index kehu_broken_idx on gone_table (x)', job_id: job.id, created_at: '2026-01-15T00:00:00.000Z' }).execute();
    const done = await runImportJob(deps, job.id);
    expect(done.status).toBe('done');
    expect(done.counts.created).toBe(286);
    expect(done.error).toMatch(/every row is in, but 1 deferred index\(es\) could not be built \(kehu_broken_idx: .+\); kehu serve builds them when it next starts/);
    expect(await indexesOf(deps, TABLES)).toEqual(before);
    expect(await deps.db.selectFrom('deferred_indexes').select('name').execute()).toEqual([{ name: 'kehu_broken_idx' }]);
  });

  it('keep every index when the import updates existing customers', async () => {
    const { deps, ctx, path } = await setUp(db, 200);
    expect((await runImportJob(deps, (await startImport(ctx, { filePath: path, options: { batchSize: 100 } })).id, { bulkLoadMinRows: 10_000 })).status).toBe('done');
    const before = await indexesOf(deps, TABLES);
    let during: Promise<string[]> | null = null;
    const job = await startImport(ctx, { filePath: path, options: { batchSize: 100, onDuplicate: 'update', updateMode: 'overwrite' } });
    const done = await runImportJob(deps, job.id, { bulkLoadMinRows: 10, pauseMs: 20, onProgress: (p) => (p.rows === 100 ? (during = indexesOf(deps, TABLES)) : undefined) });
    expect(done.status).toBe('done');
    expect(await (during as Promise<string[]> | null)).toEqual(before);
  });

  it('an import killed with its indexes deferred builds them when it is resumed', async () => {
    const { deps, ctx, path } = await setUp(db, 300);
    const before = await indexesOf(deps, TABLES);
    const job = await startImport(ctx, { filePath: path, options: { batchSize: 100 } });
    // As kill -9 after the first batch leaves a large import: indexes dropped and recorded, a dead runner.
    const dropped = await deferIndexes(deps, job.id, 'customers', ['email', 'phone']);
    await deps.db.updateTable('import_jobs').set({ status: 'running', runner: `${hostname()}:999999999` }).where('id', '=', job.id).execute();
    expect(dropped).toBeGreaterThan(5);
    const now = await indexesOf(deps, TABLES);
    expect(now).toContain('contact_points_value_idx');
    expect(now).not.toContain('customers_name_pinyin_idx');
    expect(now.length).toBe(before.length - dropped);
    expect(await resumeInterruptedImports(deps)).toEqual([job.id]);
    for (let i = 0; i < 500; i++) {
      const row = await deps.db.selectFrom('import_jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow();
      if (row.status === 'done' && (await deps.db.selectFrom('deferred_indexes').select('name').execute()).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await indexesOf(deps, TABLES)).toEqual(before);
    expect(await deps.db.selectFrom('deferred_indexes').select('name').execute()).toEqual([]);
  });
});
