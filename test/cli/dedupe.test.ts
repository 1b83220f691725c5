import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

describe('kehu dedupe [sqlite]', () => {
  let db: TestDatabase & { drop(): Promise<void> };
  let ctx: Ctx;
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db));
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const deps = { db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const user = await createUser(deps, { email: 'cli-dedupe@example.com', name: 'Admin', role: 'admin' }, null);
    ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    await createCustomer(ctx, { kind: 'person', name: '张伟', phones: [{ value: '+86 138 1234 5678' }] });
    await createCustomer(ctx, { kind: 'person', name: 'Zhang Wei', phones: [{ value: '13812345678' }] });
    await createCustomer(ctx, { kind: 'person', name: '王芳', phones: [{ value: '13900001111' }] });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('scans and prints the pairs with their reasons', async () => {
    const run = await kehu(['dedupe']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Scanned 3 customers');
    expect(run.stdout).toContain('1 likely duplicate pairs in 1 groups');
    expect(run.stdout).toContain('张伟');
    expect(run.stdout).toContain('same phone +8613812345678; name 张伟 ≈ Zhang Wei (pinyin)');
  });

  it('--lang zh prints the reasons in Chinese, and the CSV file has them so too', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kehu-dedupe-zh-')), 'pairs.csv');
    const run = await kehu(['dedupe', '--lang', 'zh', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('电话相同 +8613812345678; 名称 张伟 ≈ Zhang Wei（拼音相同）');
    expect(readFileSync(out, 'utf8')).toContain('电话相同 +8613812345678; 名称 张伟 ≈ Zhang Wei（拼音相同）');
    expect((await kehu(['dedupe', '--lang', 'fr'])).code).not.toBe(0);
  });

  it('--json prints one document on stdout, progress on stderr', async () => {
    const run = await kehu(['dedupe', '--json', '--min-score', '0.8']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ entity: 'customers', pairs: 1, clusters: 1, records: 3 });
    expect(result.top[0].reasons).toContain('same phone +8613812345678');
    expect(run.stderr).toContain('reading');
  });

  it('refuses bad options, naming them', async () => {
    for (const [argv, option] of [
      [['dedupe', '--min-score', '2'], '--min-score'],
      [['dedupe', '--entity', 'deals'], '--entity'],
      [['dedupe', '--top', 'some'], '--top'],
      [['dedupe', '--out', 'pairs.txt'], '--format'],
      [['dedupe', '--format', 'csv'], '--format'],
    ] as const) {
      const run = await kehu([...argv]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(option);
    }
  });

  it('--top all lists every pair (past 200 too), and --out writes every pair as CSV or JSON', async () => {
    for (let i = 0; i < 205; i++) {
      const phone = `+86 139 ${String(1000_0000 + i).slice(0, 4)} ${String(1000_0000 + i).slice(4)}`;
      await createCustomer(ctx, { kind: 'person', name: `Alex Morgan${String.fromCharCode(97 + (i % 26))}${i}`, phones: [{ value: phone }] });
      await createCustomer(ctx, { kind: 'person', name: `Alex Morgan${String.fromCharCode(97 + (i % 26))}${i}`, phones: [{ value: phone }] });
    }
    const dir = mkdtempSync(join(tmpdir(), 'kehu-dedupe-'));
    const run = await kehu(['dedupe', '--json', '--top', 'all', '--out', join(dir, 'pairs.csv')]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.pairs).toBeGreaterThan(205);
    expect(result.top).toHaveLength(result.pairs);
    const csv = readFileSync(join(dir, 'pairs.csv'), 'utf8').split('\r\n').filter(Boolean);
    expect(csv).toHaveLength(result.pairs + 1);
    expect(csv[0]).toBe('\ufeffscore,a_id,a_name,a_kind,a_city,a_phones,a_emails,b_id,b_name,b_kind,b_city,b_phones,b_emails,reasons,cluster_id,pair_id,status');
    expect(csv.some((line) => line.includes('张伟') && line.includes('Zhang Wei') && line.includes('same phone +8613812345678'))).toBe(true);

    expect((await kehu(['dedupe', '--out', join(dir, 'pairs.data'), '--format', 'json'])).code).toBe(0);
    const pairs = JSON.parse(readFileSync(join(dir, 'pairs.data'), 'utf8'));
    expect(pairs).toHaveLength(result.pairs);
    expect(pairs[0]).toMatchObject({ entity: 'customers', status: 'open' });
    expect(pairs.every((p: { score: number }) => p.score >= 0.7)).toBe(true);
  }, 60_000);
});
