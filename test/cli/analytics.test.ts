import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { loadCdnow } from '../support/cdnow.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// kehu analytics and kehu segments over the CDNOW sample: the console gets the same figures as
// the API (the published BG/NBD and Gamma-Gamma parameters), --as narrows to one user's customers.

const within = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(relative);

forEachDialect('kehu analytics and segments', (db) => {
  const kehu = (...argv: string[]) => runKehu(argv, cliEnv(db()));
  const json = async (...argv: string[]) => {
    const run = await kehu(...argv, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  let repEmail = '';
  const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-analytics-'));
  let cdnow: Map<number, number>;

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock('2026-01-01T00:00:00.000Z'), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: `cli-analytics-admin-${db().name}@example.com`, name: 'Admin', role: 'admin' }, null);
    repEmail = `cli-analytics-rep-${db().name}@example.com`;
    const rep = await createUser(deps, { email: repEmail, name: 'Rep', role: 'sales' }, null);
    cdnow = await loadCdnow(db().db, '2026-01-01T00:00:00.000Z', (id) => (id === 1 ? rep.id : admin.id));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('clv --json prints the published CDNOW parameters and every customer', async () => {
    const clv = await json('analytics', 'clv', '--as-of', '1997-09-30', '--currency', 'USD', '--horizon-weeks', '39');
    within(clv.bgnbd.r, 0.243, 0.01);
    within(clv.bgnbd.alpha, 4.414, 0.01);
    within(clv.bgnbd.a, 0.793, 0.01);
    within(clv.bgnbd.b, 2.426, 0.01);
    within(clv.bgnbd.logLikelihood, -9582.4, 0.001);
    within(clv.gammaGamma.p, 6.25, 0.01);
    within(clv.gammaGamma.q, 3.74, 0.01);
    within(clv.gammaGamma.gamma / 100, 15.44, 0.01);
    expect(clv.customers).toHaveLength(2357);
    const first = clv.customers.find((c: { customerId: number }) => c.customerId === cdnow.get(1));
    expect(first).toMatchObject({ frequency: 2, recencyWeeks: 30.43, ageWeeks: 38.86 });
    within(first.expectedPurchases, 1.226, 0.01);
  });

  it('prints tables a person can read, and --as narrows to that user’s customers', async () => {
    const rfm = await kehu('analytics', 'rfm', '--as-of', '1997-09-30');
    expect(rfm.code, rfm.stderr).toBe(0);
    expect(rfm.stdout).toMatch(/^RFM of 2357 customers in USD as of 1997-09-30; 0 without orders/);
    expect(rfm.stdout).toMatch(/Champions\s+重要价值客户\s+\d+/);
    expect(rfm.stdout).toContain('… 2337 more (--limit)');
    const clv = await kehu('analytics', 'clv', '--as-of', '1997-09-30', '--horizon-weeks', '39', '--limit', '3');
    expect(clv.stdout).toMatch(/BG\/NBD: r 0\.24\d+, alpha 4\.4\d+/);
    const churn = await kehu('analytics', 'churn', '--as-of', '1997-09-30', '--limit', '5');
    expect(churn.stdout).toMatch(/usually buys every/);
    const abc = await kehu('analytics', 'abc', '--as-of', '1997-09-30');
    expect(abc.stdout).toMatch(/^ABC of \d{4} customers with revenue in USD/);
    const cohorts = await kehu('analytics', 'cohorts', '--as-of', '1997-09-30');
    expect(cohorts.stdout).toMatch(/1997-01\s+781\s+100\.0%/);
    expect((await kehu('analytics', 'forecast')).code).toBe(0);
    expect((await kehu('analytics', 'rfm', '--owner', '999999')).stderr).toContain('--owner: user 999999 does not exist');
    const mine = await json('analytics', 'rfm', '--as-of', '1997-09-30', '--as', repEmail);
    expect(mine.customers).toBe(1);
    expect(mine.items.map((i: { customerId: number }) => i.customerId)).toEqual([cdnow.get(1)]);
  });

  it('--format csv|xlsx --out FILE writes every listed row, in Chinese with --lang zh; --as narrows it; revenue per month per currency', async () => {
    const out = join(dir, 'rfm.csv');
    const run = await kehu('analytics', 'rfm', '--as-of', '1997-09-30', '--out', out, '--lang', 'zh');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`kehu: rfm: 2357 行已写入 ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('客户,kehu 编号,币种,距上次下单天数,订单数,销售额,R,F,M,RFM 分数,RFM 分组');
    expect(lines).toHaveLength(2358);
    expect(lines.filter((l) => l.endsWith(',重要价值客户')).length).toBeGreaterThan(0);
    const xlsx = join(dir, 'churn.xlsx');
    const churn = await kehu('analytics', 'churn', '--as-of', '1997-09-30', '--format', 'xlsx', '--out', xlsx, '--as', repEmail);
    expect(churn.code, churn.stderr).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(churn.stderr).toContain('1 rows');
    const revenue = await kehu('analytics', 'revenue', '--from', '1997-01-01', '--to', '1997-03-31', '--format', 'csv');
    expect(revenue.code, revenue.stderr).toBe(0);
    expect(revenue.stdout.trim().split('\r\n').map((l) => l.split(',').slice(0, 2))).toEqual([['Month', 'Currency'], ['1997-01', 'USD'], ['1997-02', 'USD'], ['1997-03', 'USD']]);
    const bad = await kehu('analytics', 'abc', '--format', 'pdf');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format');
    const noFormat = await kehu('analytics', 'abc', '--out', join(dir, 'abc.txt'));
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('--out');
  });

  it('refuses bad flags with a usage error naming the flag', async () => {
    const day = await kehu('analytics', 'rfm', '--as-of', '1997-02-30');
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('--as-of');
    const order = await kehu('analytics', 'rfm', '--as-of', '1997-09-30', '--from', '1998-01-01');
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('--from: must not be after 1997-09-30');
    const limit = await kehu('analytics', 'rfm', '--limit', 'many');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
    const owner = await kehu('analytics', 'abc', '--owner', 'nobody@example.com');
    expect(owner.code).toBe(2);
    expect(owner.stderr).toContain('--owner');
    const team = await kehu('analytics', 'cohorts', '--team', 'sales');
    expect(team.code).toBe(2);
    expect(team.stderr).toContain('--team');
  });

  describe('segments', () => {
    it('create, list, show, members and export a segment of RFM champions', async () => {
      const champions = (await json('analytics', 'rfm')).groups.find((g: { group: string }) => g.group === 'champions').customers;
      expect(champions).toBeGreaterThan(0);
      const filter = JSON.stringify({ op: 'and', conditions: [{ field: 'rfmGroup', operator: 'eq', value: 'champions' }] });
      const saved = await json('segments', 'create', '--name', 'CDNOW champions', '--filter', filter);
      expect(saved).toMatchObject({ name: 'CDNOW champions', filter: JSON.parse(filter) });
      expect((await json('segments', 'list')).items.map((s: { name: string }) => s.name)).toContain('CDNOW champions');
      expect(await json('segments', 'show', String(saved.id))).toMatchObject({ id: saved.id, members: champions });
      const members = await json('segments', 'members', String(saved.id));
      expect(members.count).toBe(champions);
      expect(members.items).toHaveLength(champions);
      const out = join(dir, 'champions.csv');
      const exported = await kehu('segments', 'export', String(saved.id), '--out', out);
      expect(exported.code, exported.stderr).toBe(0);
      const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
      expect(lines).toHaveLength(champions + 1);
      expect(lines.slice(1).every((l) => l.includes('CDNOW '))).toBe(true);
      // with kehu --lang zh the file is for people, as kehu export writes it: Chinese headers, local times
      const zh = join(dir, 'champions-zh.csv');
      const exportedZh = await kehu('--lang', 'zh', 'segments', 'export', String(saved.id), '--out', zh, '--time-zone', 'Asia/Shanghai');
      expect(exportedZh.code, exportedZh.stderr).toBe(0);
      expect(exportedZh.stderr).toContain(`kehu: 已导出 ${champions} 个客户到 ${zh}`);
      const zhLines = readFileSync(zh, 'utf8').trim().split(/\r?\n/);
      expect(zhLines[0]).toContain('名称');
      expect(zhLines).toHaveLength(champions + 1);
      expect(zhLines[1]).toContain('2026-01-01 08:00:00');
      // a rep's members are only their own customers
      expect((await json('segments', 'members', String(saved.id), '--as', repEmail)).count).toBeLessThanOrEqual(1);
    });

    it('a bad filter is refused naming the place, and nothing is saved', async () => {
      const bad = await kehu('segments', 'create', '--name', 'Broken', '--filter', JSON.stringify({ op: 'and', conditions: [{ field: 'rfmGroup', operator: 'eq', value: 'kings' }] }));
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('filter.conditions[0].value');
      const notJson = await kehu('segments', 'create', '--name', 'Broken', '--filter', '{op:');
      expect(notJson.code).toBe(2);
      expect(notJson.stderr).toContain('--filter');
      expect((await json('segments', 'list')).items.map((s: { name: string }) => s.name)).not.toContain('Broken');
      expect((await kehu('segments', 'show', '999999')).code).toBe(4);
    });
  });
});
