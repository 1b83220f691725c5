import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// One small shop, seen by an admin, a manager (team T: reps a and b) and rep c (team U).
// The analyses stand on 2026-03-31 at the default analytics offset (UTC+08:00).

type Who = 'admin' | 'manager' | 'a' | 'b' | 'c' | 'viewer';
const AS_OF = '2026-03-31';
const at = (date: string) => `${date}T04:00:00Z`; // noon in Shanghai

forEachDialect('analytics API', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, number>;
  let teamT = 0;
  const ids: Record<string, number> = {};

  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => api.call(method, url, body, {}, tokens[who]);
  const get = async (who: Who, url: string) => {
    const res = await call(who, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const customer = async (name: string, owner: Who | null, extra: Record<string, unknown> = {}) => {
    const res = await call('admin', 'POST', '/api/v1/customers', { kind: 'company', name, ownerId: owner === null ? null : users[owner], ...extra });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id;
    return ids[name] as number;
  };
  const order = async (name: string, date: string, amount: number, currency = 'CNY') => {
    const res = await call('admin', 'POST', '/api/v1/orders', { customerId: ids[name], orderedAt: at(date), currency, items: [{ product: 'Tea', quantity: 1, unitPrice: amount }] });
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    tokens.admin = api.token;
    users.admin = (await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
    for (const [who, role] of [['manager', 'manager'], ['a', 'sales'], ['b', 'sales'], ['c', 'sales'], ['viewer', 'viewer']] as const) {
      const user = await api.userToken(role);
      tokens[who] = user.token;
      users[who] = user.userId;
    }
    const now = api.clock.now().toISOString();
    const team = async (name: string, managerId: number | null) =>
      Number((await api.deps.db.insertInto('teams').values({ name, manager_id: managerId, parent_id: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id);
    teamT = await team(`T ${db().name}`, users.manager);
    const teamU = await team(`U ${db().name}`, null);
    for (const who of ['manager', 'a', 'b', 'viewer'] as const) await api.deps.db.updateTable('users').set({ team_id: teamT }).where('id', '=', users[who]).execute();
    await api.deps.db.updateTable('users').set({ team_id: teamU }).where('id', '=', users.c).execute();

    // Five customers, one per quintile of recency, frequency and value: Best is best at all three.
    await customer('Best', 'a', { city: '上海市' });
    await customer('Good', 'a', { city: 'Shanghai' });
    await customer('Middle', 'b');
    await customer('Weak', 'b');
    await customer('Worst', 'c');
    await customer('No orders', 'a');
    const plan: Array<[string, string[], number]> = [
      ['Best', ['2026-01-05', '2026-02-05', '2026-03-01', '2026-03-15', '2026-03-30'], 500_00],
      ['Good', ['2026-01-10', '2026-02-10', '2026-03-10', '2026-03-25'], 250_00],
      ['Middle', ['2026-01-15', '2026-02-15', '2026-03-20'], 100_00],
      ['Weak', ['2026-01-20', '2026-03-05'], 60_00],
      ['Worst', ['2026-01-25'], 40_00],
    ];
    for (const [name, dates, amount] of plan) for (const date of dates) await order(name, date, amount);
    // another currency is its own analysis; an order after asOf is not seen
    await order('Worst', '2026-02-01', 9_99, 'USD');
    await order('Best', '2026-04-10', 1_000_00);
  });

  describe('RFM', () => {
    it('scores each customer in quintiles, names the groups, shows the thresholds, and leaves out customers without orders', async () => {
      const rfm = await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}`);
      expect(rfm).toMatchObject({ asOf: AS_OF, to: AS_OF, from: null, utcOffset: 480, currency: 'CNY', customers: 5, withoutOrders: 1 });
      expect(rfm.currencies).toEqual([{ currency: 'CNY', customers: 5 }, { currency: 'USD', customers: 1 }]);
      const byName = Object.fromEntries(rfm.items.map((i: { name: string }) => [i.name, i]));
      expect(byName.Best).toMatchObject({ recencyDays: 1, frequency: 5, monetary: 2_500_00, score: '555', group: 'champions' });
      expect(byName.Worst).toMatchObject({ recencyDays: 65, frequency: 1, monetary: 40_00, score: '111', group: 'lost' });
      expect(byName.Middle.score).toBe('333');
      expect(byName.Middle.group).toBe('need_attention');
      expect(rfm.thresholds.frequency).toEqual([2, 3, 4, 5]);
      expect(rfm.thresholds.recencyDays).toEqual([26, 11, 6, 1]);
      expect(rfm.groups.find((g: { group: string }) => g.group === 'champions')).toMatchObject({ customers: 1, revenue: 2_500_00, share: 0.2, label: { en: 'Champions', zh: '重要价值客户' } });
      expect(rfm.grid.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(5);
      // the list comes in group order, best groups first, and pages
      expect(rfm.items[0].name).toBe('Best');
      const page = await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&limit=2`);
      expect(page.items).toHaveLength(2);
      const next = await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&limit=2&cursor=${page.nextCursor}`);
      expect(next.items.map((i: { name: string }) => i.name)).toEqual(rfm.items.slice(2, 4).map((i: { name: string }) => i.name));
      expect((await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&group=lost`)).items.map((i: { name: string }) => i.name)).toEqual(['Worst']);
    });

    it('reads only the period asked and only orders up to asOf, per currency', async () => {
      const march = await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&from=2026-03-01`);
      const best = march.items.find((i: { name: string }) => i.name === 'Best');
      expect(best).toMatchObject({ frequency: 3, monetary: 1_500_00 });
      expect(march.customers).toBe(4);
      const january = await get('admin', '/api/v1/analytics/rfm?asOf=2026-01-31');
      expect(january.items.find((i: { name: string }) => i.name === 'Best')).toMatchObject({ frequency: 1, recencyDays: 26 });
      const later = await get('admin', '/api/v1/analytics/rfm?asOf=2026-04-30');
      expect(later.items.find((i: { name: string }) => i.name === 'Best')).toMatchObject({ frequency: 6, monetary: 3_500_00 });
      const usd = await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&currency=USD`);
      expect(usd.items.map((i: { name: string; monetary: number }) => [i.name, i.monetary])).toEqual([['Worst', 9_99]]);
    });

    it('a manager sees their team’s numbers, a rep their own, filters narrow further', async () => {
      const names = async (who: Who, query = '') => (await get(who, `/api/v1/analytics/rfm?asOf=${AS_OF}${query}`)).items.map((i: { name: string }) => i.name).sort();
      expect(await names('manager')).toEqual(['Best', 'Good', 'Middle', 'Weak']);
      expect(await names('a')).toEqual(['Best', 'Good']);
      expect(await names('c')).toEqual(['Worst']);
      expect(await names('viewer')).toEqual(['Best', 'Good', 'Middle', 'Weak']);
      expect(await names('admin', `&teamId=${teamT}`)).toEqual(['Best', 'Good', 'Middle', 'Weak']);
      expect(await names('admin', `&ownerId=${users.b}`)).toEqual(['Middle', 'Weak']);
      expect(await names('manager', `&ownerId=${users.c}`)).toEqual([]);
      // a rep's quintiles are their own customers' quintiles
      const mine = await get('a', `/api/v1/analytics/rfm?asOf=${AS_OF}`);
      expect(mine.customers).toBe(2);
      expect(mine.withoutOrders).toBe(1);
    });

    it('bad filters are one 400 naming each', async () => {
      const res = await call('admin', 'GET', '/api/v1/analytics/rfm?ownerId=999999&cursor=zzz&currency=XYZ');
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'cursor', 'ownerId']);
      const day = await call('admin', 'GET', '/api/v1/analytics/rfm?asOf=2026-02-30');
      expect(day.statusCode).toBe(400);
      expect(day.json().errors[0].field).toBe('asOf');
      const order = await call('admin', 'GET', '/api/v1/analytics/rfm?from=2026-05-01&asOf=2026-04-01');
      expect(order.statusCode).toBe(400);
      expect(order.json().errors[0].field).toBe('from');
      expect((await call('admin', 'GET', '/api/v1/analytics/rfm?asOf=yesterday')).statusCode).toBe(400);
    });
  });

  describe('ABC', () => {
    it('ranks by revenue and splits 80/15/5, with the curve and the customers without revenue in C', async () => {
      const abc = await get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}`);
      expect(abc.revenue).toBe(2_500_00 + 1_000_00 + 300_00 + 120_00 + 40_00);
      expect(abc.items.map((i: { name: string; class: string; rank: number }) => [i.name, i.class, i.rank])).toEqual([
        ['Best', 'A', 1],
        ['Good', 'A', 2],
        ['Middle', 'B', 3],
        ['Weak', 'C', 4],
        ['Worst', 'C', 5],
      ]);
      expect(abc.withoutRevenue).toBe(1);
      expect(abc.classes.find((c: { class: string }) => c.class === 'C').customers).toBe(3);
      expect(abc.curve[0]).toEqual({ customers: 0, revenue: 0 });
      expect(abc.curve.at(-1)).toEqual({ customers: 1, revenue: 1 });
      const tight = await get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}&a=0.5&b=0.9`);
      expect(tight.items.map((i: { class: string }) => i.class)).toEqual(['A', 'B', 'B', 'C', 'C']);
      const bad = await call('admin', 'GET', '/api/v1/analytics/abc?a=0.9&b=0.5');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('b');
    });

    it('writes the classes into level on request, audited, only where the caller may change the customer', async () => {
      expect((await call('viewer', 'POST', '/api/v1/analytics/abc/apply', { asOf: AS_OF })).statusCode).toBe(403);
      const dry = await call('a', 'POST', '/api/v1/analytics/abc/apply', { asOf: AS_OF, dryRun: true });
      expect(dry.json()).toEqual({ dryRun: true, changed: 3, unchanged: 0, notWritable: 0 });
      const level = async (name: string) => (await get('admin', `/api/v1/customers/${ids[name]}`)).level;
      expect(await level('Best')).toBeNull();
      const applied = await call('admin', 'POST', '/api/v1/analytics/abc/apply', { asOf: AS_OF });
      expect(applied.json()).toEqual({ dryRun: false, changed: 6, unchanged: 0, notWritable: 0 });
      expect([await level('Best'), await level('Middle'), await level('Worst'), await level('No orders')]).toEqual(['A', 'B', 'C', 'C']);
      const history = (await get('admin', `/api/v1/customers/${ids.Best}/history`)).items;
      expect(JSON.stringify(history)).toContain('"level":[null,"A"]');
      expect((await call('admin', 'POST', '/api/v1/analytics/abc/apply', { asOf: AS_OF })).json().changed).toBe(0);
    });
  });

  it('cohorts: customers by month of first order, and who ordered again in each later month', async () => {
    const cohorts = await get('admin', `/api/v1/analytics/cohorts?asOf=${AS_OF}`);
    expect(cohorts.months).toEqual(['2026-01']);
    expect(cohorts.cohorts).toEqual([
      { month: '2026-01', customers: 5, active: [5, 4, 4], retention: [1, 0.8, 0.8] },
    ]);
    const mine = await get('c', `/api/v1/analytics/cohorts?asOf=${AS_OF}`);
    expect(mine.cohorts).toEqual([{ month: '2026-01', customers: 1, active: [1, 1, 0], retention: [1, 1, 0] }]);
  });

  it('forecast: open deals weighted by stage probability per month, owner and team; win rate of deals closed in the period', async () => {
    const stages = (await get('admin', '/api/v1/pipeline-stages')).items as Array<{ id: number; probability: number }>;
    const deal = async (title: string, owner: Who, amount: number, stage: { id: number }, expectedClose: string | null) => {
      const res = await call('admin', 'POST', '/api/v1/deals', { title, customerId: ids.Best, stageId: stage.id, amount, ownerId: users[owner], expectedClose });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const [first, second] = stages as [{ id: number; probability: number }, { id: number; probability: number }];
    await deal('April tea', 'a', 1_000_00, first, '2026-04-20');
    await deal('May tea', 'a', 2_000_00, second, '2026-05-02');
    await deal('Someday', 'b', 500_00, first, null);
    const won = await deal('Won', 'a', 300_00, first, null);
    const lost = await deal('Lost', 'a', 100_00, first, null);
    api.clock.advance(3 * 86_400_000);
    expect((await call('admin', 'PATCH', `/api/v1/deals/${won}`, { status: 'won' })).statusCode).toBe(200);
    expect((await call('admin', 'PATCH', `/api/v1/deals/${lost}`, { status: 'lost' })).statusCode).toBe(200);
    const forecast = await get('admin', '/api/v1/analytics/forecast');
    expect(forecast.months).toEqual([
      { month: '2026-04', currency: 'CNY', deals: 1, amount: 1_000_00, weighted: (1_000_00 * first.probability) / 100 },
      { month: '2026-05', currency: 'CNY', deals: 1, amount: 2_000_00, weighted: (2_000_00 * second.probability) / 100 },
      { month: null, currency: 'CNY', deals: 1, amount: 500_00, weighted: (500_00 * first.probability) / 100 },
    ]);
    expect(forecast.owners.map((o: { ownerId: number; deals: number }) => [o.ownerId, o.deals]).sort()).toEqual([[users.a, 2], [users.b, 1]].sort());
    expect(forecast.closed).toMatchObject({ won: 1, lost: 1, winRate: 0.5, lossRate: 0.5, averageDaysToClose: 3, wonAmounts: [{ currency: 'CNY', amount: 300_00 }] });
    expect((await get('c', '/api/v1/analytics/forecast')).months).toEqual([]);
    expect((await get('admin', `/api/v1/analytics/forecast?ownerId=${users.b}`)).months).toHaveLength(1);
  });

  it('lifecycle: entries per stage, conversion rates and median days between stages, per owner', async () => {
    const lead = await customer('Lifecycle lead', 'a', { stage: 'lead' });
    const skip = await customer('Lifecycle skip', 'b', { stage: 'lead' });
    api.clock.advance(2 * 86_400_000);
    await call('admin', 'PATCH', `/api/v1/customers/${lead}`, { stage: 'prospect' });
    api.clock.advance(4 * 86_400_000);
    await call('admin', 'PATCH', `/api/v1/customers/${lead}`, { stage: 'customer' });
    await call('admin', 'PATCH', `/api/v1/customers/${skip}`, { stage: 'customer' });
    const report = await get('admin', `/api/v1/analytics/lifecycle?groupBy=owner&from=2026-01-16`);
    const step = (from: string, to: string) => report.conversions.find((c: { from: string; to: string }) => c.from === from && c.to === to);
    expect(step('lead', 'prospect')).toMatchObject({ customers: 2, converted: 2, rate: 1 });
    expect(step('lead', 'customer')).toMatchObject({ customers: 2, converted: 2, medianDays: 6 });
    expect(step('prospect', 'customer')).toMatchObject({ customers: 1, converted: 1, medianDays: 4 });
    expect(report.stages.find((s: { stage: string }) => s.stage === 'prospect')).toMatchObject({ entered: 1, current: 0, medianDaysInStage: 4 });
    const ofA = report.groups.find((g: { key: string }) => g.key === String(users.a));
    expect(ofA.label).toBe('Test sales');
    expect(ofA.conversions.find((c: { from: string; to: string }) => c.from === 'lead' && c.to === 'customer')).toMatchObject({ customers: 1, converted: 1 });
    const mine = await get('c', '/api/v1/analytics/lifecycle');
    expect(mine.stages.reduce((s: number, x: { current: number }) => s + x.current, 0)).toBe(1);
  });

  it('profile: one customer’s standing per currency among the customers the caller may see, 404 for one they may not', async () => {
    const best = await get('admin', `/api/v1/analytics/customers/${ids.Best}/profile?asOf=${AS_OF}`);
    expect(best).toMatchObject({ customerId: ids.Best, name: 'Best', asOf: AS_OF, utcOffset: 480 });
    expect(best.currencies).toHaveLength(1);
    const cny = best.currencies[0];
    expect(cny).toMatchObject({
      currency: 'CNY',
      comparedWith: 5,
      orders: 5,
      revenue: 2_500_00,
      rfm: { r: 5, f: 5, m: 5, score: '555', group: 'champions', recencyDays: 1, label: { en: 'Champions', zh: '重要价值客户' } },
      abc: { class: 'A', rank: 1 },
      percentile: 80,
      rhythm: { purchaseDays: 5, usualGapDays: 21, daysSinceLast: 1, activeMonths: 3 },
      favouriteProducts: [{ product: 'Tea', orders: 5, quantity: 5, amount: 2_500_00 }],
    });
    expect(cny.shareOfRevenue).toBeCloseTo(2_500_00 / 3_960_00, 6);
    expect(cny.rhythm.reason.en).toContain('usually buys every 3 weeks');
    expect(cny.clv.churnRisk).toBeCloseTo(1 - cny.clv.pAlive, 4);
    if (cny.nextExpectedPurchase !== null) expect(cny.nextExpectedPurchase > AS_OF).toBe(true);
    // two currencies are two profiles, never summed
    const worst = await get('admin', `/api/v1/analytics/customers/${ids.Worst}/profile?asOf=${AS_OF}`);
    expect(worst.currencies.map((c: { currency: string; revenue: number; comparedWith: number }) => [c.currency, c.revenue, c.comparedWith])).toEqual([
      ['CNY', 40_00, 5],
      ['USD', 9_99, 1],
    ]);
    expect(worst.currencies[0]).toMatchObject({ rfm: { group: 'lost' }, abc: { class: 'C', rank: 5 }, percentile: 0 });
    // a rep compares among their own customers; another rep's customer is not found
    const mine = await get('a', `/api/v1/analytics/customers/${ids.Best}/profile?asOf=${AS_OF}`);
    expect(mine.currencies[0]).toMatchObject({ comparedWith: 2, percentile: 50 });
    expect(mine.currencies[0].shareOfRevenue).toBeCloseTo(2_500_00 / 3_500_00, 6);
    expect((await call('c', 'GET', `/api/v1/analytics/customers/${ids.Best}/profile`)).statusCode).toBe(404);
    expect((await get('admin', `/api/v1/analytics/customers/${ids['No orders']}/profile?asOf=${AS_OF}`)).currencies).toEqual([]);
    const bad = await call('admin', 'GET', `/api/v1/analytics/customers/${ids.Best}/profile?asOf=2026-13-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('asOf');
  });
});
