import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_EXPORTS, ANALYSIS_HEADERS_ZH } from '../../src/domain/analysis-export.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { csvDownload } from '../support/downloads.ts';

// A small shop seen by an admin, a manager (team T: rep a) and rep c (team U). Orders in CNY
// and in USD; the analyses stand on 2026-03-31 at the default analytics offset (UTC+08:00).

type Who = 'admin' | 'manager' | 'a' | 'c';
const AS_OF = '2026-03-31';
const at = (date: string) => `${date}T04:00:00Z`; // noon in Shanghai

forEachDialect('analytics as files', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, number>;
  const ids: Record<string, number> = {};
  let teamT = 0;

  const call = (who: Who, url: string, headers: Record<string, string> = {}) => api.call('GET', url, undefined, headers, tokens[who]);
  const json = async (who: Who, url: string) => {
    const res = await call(who, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const csv = async (who: Who, url: string, headers: Record<string, string> = {}) => csvDownload(await call(who, url, headers));

  beforeAll(async () => {
    api = await createTestApi(db());
    tokens.admin = api.token;
    users.admin = Number((await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id);
    for (const [who, role] of [['manager', 'manager'], ['a', 'sales'], ['c', 'sales']] as const) {
      const user = await api.userToken(role);
      tokens[who] = user.token;
      users[who] = user.userId;
    }
    const now = api.clock.now().toISOString();
    const team = async (name: string, managerId: number | null) =>
      Number((await api.deps.db.insertInto('teams').values({ name, manager_id: managerId, parent_id: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id);
    teamT = await team(`T ${db().name}`, users.manager);
    const teamU = await team(`U ${db().name}`, null);
    for (const who of ['manager', 'a'] as const) await api.deps.db.updateTable('users').set({ team_id: teamT }).where('id', '=', users[who]).execute();
    await api.deps.db.updateTable('users').set({ team_id: teamU }).where('id', '=', users.c).execute();
    await api.deps.db.updateTable('users').set({ name: '王芳' }).where('id', '=', users.a).execute();

    const customer = async (name: string, owner: Who, city: string) => {
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name, ownerId: users[owner], city });
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
    };
    const order = async (name: string, date: string, amount: number, currency = 'CNY') => {
      const res = await api.call('POST', '/api/v1/orders', { customerId: ids[name], orderedAt: at(date), currency, items: [{ product: 'Tea', quantity: 1, unitPrice: amount }] });
      expect(res.statusCode, res.body).toBe(201);
    };
    await customer('上海星辰', 'a', '上海市');
    await customer('Good, "Tea" Co', 'a', 'Hangzhou');
    await customer('Middle', 'c', 'Beijing');
    await customer('Faded', 'c', 'Beijing');
    for (const date of ['2026-01-05', '2026-02-05', '2026-03-01', '2026-03-30']) await order('上海星辰', date, 500_00);
    for (const date of ['2026-01-10', '2026-03-10']) await order('Good, "Tea" Co', date, 250_50);
    for (const date of ['2026-02-15', '2026-03-20']) await order('Middle', date, 100_00);
    for (const date of ['2025-06-01', '2025-07-01', '2025-08-01']) await order('Faded', date, 40_00);
    await order('Middle', '2026-02-01', 9_99, 'USD');
  });

  it('RFM downloads as a Chinese CSV for a Chinese browser: every scored customer (not one page), group names and amounts in yuan', async () => {
    const file = await csv('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&format=csv&limit=1`, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(file.header).toEqual(['客户', 'kehu 编号', '币种', '距上次下单天数', '订单数', '销售额', 'R', 'F', 'M', 'RFM 分数', 'RFM 分组']);
    const report = await json('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&limit=100`);
    expect(file.rows).toHaveLength(report.customers);
    const star = file.byName('上海星辰');
    const starJson = report.items.find((i: { name: string }) => i.name === '上海星辰');
    expect(star).toMatchObject({ 币种: 'CNY', 订单数: '4', 销售额: '2000', 'kehu 编号': String(ids['上海星辰']), 'RFM 分数': starJson.score });
    expect(star['RFM 分组']).toBe({ champions: '重要价值客户', loyal: '忠诚客户', potential_loyalists: '潜力客户' }[starJson.group as string] ?? star['RFM 分组']);
    expect(file.byName('Good, "Tea" Co').销售额).toBe('501');
    expect(file.rows.some((r) => r.includes('Middle') && r.includes('USD'))).toBe(false);
  });

  it('without a language the file is the machine form (English headers, group codes); ?lang=en names groups in English; another currency is its own file', async () => {
    const machine = await csv('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&format=csv`);
    expect(machine.header[0]).toBe('Customer');
    const report = await json('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&limit=100`);
    const group = report.items.find((i: { name: string }) => i.name === '上海星辰').group;
    expect(machine.byName('上海星辰')['RFM group']).toBe(group);
    const english = await csv('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&format=csv&lang=en`, { 'accept-language': 'zh-CN' });
    expect(english.header[0]).toBe('Customer');
    expect(english.byName('上海星辰')['RFM group']).toMatch(/^[A-Z][a-z ]+$/);
    const usd = await csv('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&format=csv&currency=USD`);
    expect(usd.rows.map((r) => r.slice(0, 6))).toEqual([['Middle', String(ids.Middle), 'USD', '58', '1', '9.99']]);
  });

  it('a rep’s file holds only their customers, a manager’s their team’s, exactly as the JSON', async () => {
    for (const who of ['a', 'c', 'manager'] as const) {
      for (const name of ['rfm', 'abc', 'churn', 'clv'] as const) {
        const report = await json(who, `/api/v1/analytics/${name}?asOf=${AS_OF}&limit=100`);
        const file = await csv(who, `/api/v1/analytics/${name}?asOf=${AS_OF}&format=csv`);
        const column = file.header.indexOf('Customer');
        expect(file.rows.map((r) => r[column]).sort(), `${who} ${name}`).toEqual(report.items.map((i: { name: string }) => i.name).sort());
      }
    }
    const a = await csv('a', `/api/v1/analytics/rfm?asOf=${AS_OF}&format=csv`);
    expect(a.rows.map((r) => r[0]).sort()).toEqual(['Good, "Tea" Co', '上海星辰']);
  });

  it('churn as XLSX: numbers are numbers, the last purchase in the reader’s local time, the reason and owner in Chinese', async () => {
    const res = await call('admin', `/api/v1/analytics/churn?asOf=${AS_OF}&format=xlsx&lang=zh&timeZone=Asia/Shanghai`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    // the tab is named in the reader's language too, not by the report's code
    expect(sheet.name).toBe('流失风险');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['客户', 'kehu 编号', '负责人', '币种', '流失风险（%）', '存活概率（%）', '有流失风险', '最近购买时间', '距上次下单天数', '通常间隔（天）', '订单数', '销售额', '原因']);
    const report = await json('admin', `/api/v1/analytics/churn?asOf=${AS_OF}&limit=100`);
    expect(sheet.rowCount - 1).toBe(report.items.length);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    const star = rows.find((r) => r[0] === '上海星辰') as unknown[];
    const starJson = report.items.find((i: { name: string }) => i.name === '上海星辰');
    expect(star[2]).toBe('王芳');
    expect(typeof star[4]).toBe('number');
    expect(star[4]).toBeCloseTo(starJson.churnRisk * 100, 1);
    expect(star[7]).toBe('2026-03-30 12:00:00');
    expect(star[11]).toBe(2000);
    expect(star[12]).toBe(starJson.reason.zh);
    const faded = rows.find((r) => r[0] === 'Faded') as unknown[];
    expect(faded[6]).toBe(report.items.find((i: { name: string }) => i.name === 'Faded').atRisk ? '是' : '否');
  });

  it('ABC, CLV, cohorts, lifecycle and forecast download with the JSON’s figures', async () => {
    const abc = await csv('admin', `/api/v1/analytics/abc?asOf=${AS_OF}&format=csv&lang=en`);
    const abcJson = await json('admin', `/api/v1/analytics/abc?asOf=${AS_OF}&limit=100`);
    expect(abc.rows.map((r) => [r[0], r[1], r[7]])).toEqual(abcJson.items.map((i: { rank: number; name: string; class: string }) => [String(i.rank), i.name, i.class]));
    expect(abc.byName('上海星辰')['Share of revenue (%)']).toBe(String(Number((abcJson.items[0].share * 100).toFixed(2))));

    const clv = await csv('admin', `/api/v1/analytics/clv?asOf=${AS_OF}&format=csv`);
    expect(clv.header).toContain('Expected value');
    expect(clv.rows.length).toBe((await json('admin', `/api/v1/analytics/clv?asOf=${AS_OF}&limit=100`)).items.length);

    const cohorts = await csv('admin', `/api/v1/analytics/cohorts?asOf=${AS_OF}&format=csv&lang=zh`);
    const cohortsJson = await json('admin', `/api/v1/analytics/cohorts?asOf=${AS_OF}`);
    expect(cohorts.header.slice(0, 4)).toEqual(['首单月份', '客户数', '第 0 个月（%）', '第 1 个月（%）']);
    expect(cohorts.rows.map((r) => [r[0], r[1], r[2]])).toEqual(cohortsJson.cohorts.map((c: { month: string; customers: number }) => [c.month, String(c.customers), '100']));

    const lifecycle = await csv('admin', `/api/v1/analytics/lifecycle?asOf=${AS_OF}&format=csv&lang=zh&groupBy=owner`);
    expect(lifecycle.header).toEqual(['分组', '阶段', '当前客户数', '期间进入', '停留天数中位数']);
    expect(lifecycle.rows.some((r) => r[0] === '全部' && r[1] === '线索')).toBe(true);
    expect(lifecycle.rows.some((r) => r[0] === '王芳')).toBe(true);

    const forecast = await csv('admin', `/api/v1/analytics/forecast?asOf=${AS_OF}&format=csv`);
    expect(forecast.header).toEqual(['By', 'Name', 'Currency', 'Open deals', 'Amount', 'Weighted amount']);
  });

  it('revenue per month honours period, owner, team and segment, one series per currency, never summed', async () => {
    const all = await json('admin', `/api/v1/analytics/revenue?asOf=${AS_OF}`);
    expect(all.months).toHaveLength(12);
    expect(all.months.at(-1)).toBe('2026-03');
    expect(all.currencies.map((c: { currency: string }) => c.currency)).toEqual(['CNY', 'USD']);
    const cny = all.currencies[0];
    expect(cny.months.find((m: { month: string }) => m.month === '2026-03')).toEqual({ month: '2026-03', orders: 4, amount: 500_00 * 2 + 250_50 + 100_00 });
    expect(cny.total).toBe(500_00 * 4 + 250_50 * 2 + 100_00 * 2 + 40_00 * 3);
    expect(all.currencies[1]).toMatchObject({ currency: 'USD', orders: 1, total: 9_99 });

    const period = await json('admin', `/api/v1/analytics/revenue?asOf=${AS_OF}&from=2026-02-01&to=2026-02-28`);
    expect(period.months).toEqual(['2026-02']);
    expect(period.currencies.find((c: { currency: string }) => c.currency === 'CNY').total).toBe(500_00 + 100_00);

    const owner = await json('admin', `/api/v1/analytics/revenue?asOf=${AS_OF}&ownerId=${users.a}`);
    expect(owner.currencies.map((c: { currency: string; total: number }) => [c.currency, c.total])).toEqual([['CNY', 500_00 * 4 + 250_50 * 2]]);
    const team = await json('admin', `/api/v1/analytics/revenue?asOf=${AS_OF}&teamId=${teamT}`);
    expect(team.currencies).toEqual(owner.currencies);

    const segment = await api.call('POST', '/api/v1/segments', { name: `Shanghai ${db().name}`, filter: { op: 'and', conditions: [{ field: 'city', operator: 'contains', value: '上海' }] } });
    expect(segment.statusCode, segment.body).toBe(201);
    const inShanghai = await json('admin', `/api/v1/analytics/revenue?asOf=${AS_OF}&segmentId=${segment.json().id}`);
    expect(inShanghai.currencies.map((c: { currency: string; total: number }) => [c.currency, c.total])).toEqual([['CNY', 500_00 * 4]]);

    // the manager sees team T's revenue; rep c only theirs
    expect((await json('manager', `/api/v1/analytics/revenue?asOf=${AS_OF}`)).currencies).toEqual(owner.currencies);
    const c = await json('c', `/api/v1/analytics/revenue?asOf=${AS_OF}`);
    expect(c.currencies.map((s: { currency: string; total: number }) => [s.currency, s.total])).toEqual([['CNY', 100_00 * 2 + 40_00 * 3], ['USD', 9_99]]);

    const file = await csv('c', `/api/v1/analytics/revenue?asOf=${AS_OF}&format=csv&lang=zh`);
    expect(file.header).toEqual(['月份', '币种', '订单数', '销售额']);
    expect(file.rows.filter((r) => r[0] === '2026-02')).toEqual([['2026-02', 'CNY', '1', '100'], ['2026-02', 'USD', '1', '9.99']]);
  });

  it('bad input is a 400 naming the parameter, with no file and no audit entry', async () => {
    const before = Number((await api.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'export').executeTakeFirstOrThrow()).n);
    const bad = async (url: string, field: string) => {
      const res = await call('admin', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(res.json()), url).toContain(field);
    };
    await bad('/api/v1/analytics/rfm?format=pdf', 'format');
    await bad('/api/v1/analytics/rfm?format=csv&timeZone=Mars/Olympus', 'timeZone');
    await bad('/api/v1/analytics/abc?format=xlsx&ownerId=999999', 'ownerId');
    await bad('/api/v1/analytics/revenue?format=csv&from=2026-05-01&to=2026-04-01', 'from');
    await bad('/api/v1/analytics/cohorts?format=csv&lang=fr', 'lang');
    const after = Number((await api.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'export').executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });

  it('each download is one audit entry naming the report, format, filters and rows', async () => {
    await csv('a', `/api/v1/analytics/abc?asOf=${AS_OF}&format=csv`);
    const entry = await api.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').where('entity', '=', 'analytics').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const changes = api.deps.dialect.parseJson<Record<string, [unknown, unknown]>>(entry.changes);
    expect(changes.report?.[1]).toBe('abc');
    expect(changes.format?.[1]).toBe('csv');
    expect(changes.rows?.[1]).toBe(2);
    expect(changes.filters?.[1]).toMatchObject({ asOf: AS_OF });
  });
});

describe('analysis file headers', () => {
  it('every header has its Chinese, and every analysis is exportable', () => {
    for (const [english, zh] of Object.entries(ANALYSIS_HEADERS_ZH)) expect(zh.trim(), english).not.toBe('');
    expect(ANALYSIS_EXPORTS).toEqual(['rfm', 'abc', 'clv', 'churn', 'forecast', 'cohorts', 'lifecycle', 'revenue']);
  });
});
