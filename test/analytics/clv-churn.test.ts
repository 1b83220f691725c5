import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { loadCdnow } from '../support/cdnow.ts';
import { forEachDialect } from '../support/databases.ts';

// The CDNOW sample loaded as orders of a workspace: the lifetime-value report must give the
// published BG/NBD and Gamma-Gamma parameters (Fader, Hardie & Lee 2005; Fader & Hardie 2013).

const within = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(relative);

forEachDialect('lifetime value and churn', (db) => {
  let api: TestApi;
  let rep: { token: string; userId: number };
  let viewer: { token: string; userId: number };
  const cdnow = new Map<number, number>();

  const get = async (url: string, token = api.token) => {
    const res = await api.call('GET', url, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    rep = await api.userToken('sales');
    viewer = await api.userToken('viewer');
    const now = api.clock.now().toISOString();
    for (const [sample, id] of await loadCdnow(api.deps.db, now, (id) => (id === 1 ? rep.userId : null))) cdnow.set(sample, id);
  });

  it('fits the published CDNOW parameters on the workspace’s own orders (calibration to 1997-09-30)', async () => {
    const clv = await get('/api/v1/analytics/clv?asOf=1997-09-30&currency=USD&horizonWeeks=39&limit=1000');
    within(clv.bgnbd.r, 0.243, 0.01);
    within(clv.bgnbd.alpha, 4.414, 0.01);
    within(clv.bgnbd.a, 0.793, 0.01);
    within(clv.bgnbd.b, 2.426, 0.01);
    within(clv.bgnbd.logLikelihood, -9582.4, 0.001);
    within(clv.gammaGamma.p, 6.25, 0.01);
    within(clv.gammaGamma.q, 3.74, 0.01);
    within(clv.gammaGamma.gamma / 100, 15.44, 0.01);
    expect(clv.model).toMatchObject({ currency: 'USD', asOf: '1997-09-30', customers: 2357, repeatCustomers: 946 });
    expect(clv.customers).toBe(2357);
    // the sample's customer 1: x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in the next 39 weeks
    const first = (await get(`/api/v1/analytics/clv?asOf=1997-09-30&currency=USD&horizonWeeks=39&limit=1000&ownerId=${rep.userId}`)).items[0];
    expect(first).toMatchObject({ customerId: cdnow.get(1), frequency: 2, recencyWeeks: 30.43, ageWeeks: 38.86 });
    within(first.expectedPurchases, 1.226, 0.01);
    expect(first.expectedValue).toBe(Math.round(first.expectedPurchases * first.expectedSpend));
    expect(clv.items[0].expectedValue).toBeGreaterThanOrEqual(clv.items[1].expectedValue);
    expect(clv.distribution.reduce((s: number, b: { customers: number }) => s + b.customers, 0)).toBe(2357);
  });

  it('fits once a day and again on request; the parameters are the business’s, the customers each viewer’s own', async () => {
    const url = '/api/v1/analytics/clv?asOf=1997-09-30&currency=USD&limit=5';
    const first = (await get(url)).model.fittedAt;
    api.clock.advance(60_000);
    expect((await get(url)).model.fittedAt).toBe(first);
    expect((await get(`${url}&refit=true`)).model.fittedAt).not.toBe(first);
    const mine = await get(url, rep.token);
    // a rep sees their own customer and the pool (every other CDNOW customer is unowned here)
    expect(mine.customers).toBe(2357);
    const viewers = await get(url, viewer.token);
    expect(viewers.customers).toBe(0);
    expect(viewers.bgnbd).toEqual(mine.bgnbd);
    // a viewer (or a read-only token) may read the fit but not replace it
    const second = (await get(url)).model.fittedAt;
    api.clock.advance(60_000);
    const refused = await api.call('GET', `${url}&refit=true`, undefined, {}, viewer.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('access.read_only');
    expect((await get(url)).model.fittedAt).toBe(second);
  });

  describe('churn', () => {
    it('ranks by risk with the reason in both languages', async () => {
      const churn = await get('/api/v1/analytics/churn?asOf=1998-06-30&currency=USD&limit=20');
      expect(churn.customers).toBe(2357);
      const top = churn.items[0];
      expect(top.churnRisk).toBeGreaterThan(0.9);
      expect(top.churnRisk).toBeCloseTo(1 - top.pAlive, 4);
      expect(top.atRisk).toBe(true);
      expect(top.reason.en).toMatch(/^last purchase \d+ (months|weeks) ago, usually buys every .+/);
      expect(top.reason.zh).toMatch(/^最近一次购买在\d+(个月|周)前，通常每.+购买一次/);
      for (let i = 1; i < churn.items.length; i++) expect(churn.items[i - 1].churnRisk).toBeGreaterThanOrEqual(churn.items[i].churnRisk);
      // one purchase only: BG/NBD cannot call them lost, and says so
      const once = (await get('/api/v1/analytics/churn?asOf=1998-06-30&currency=USD&limit=1000&cursor=o' + (2000).toString(36))).items.find((i: { purchases: number }) => i.purchases === 1);
      expect(once.churnRisk).toBe(0);
      expect(once.reason.en).toMatch(/^one purchase, .+ ago; too little history to judge$/);
      const atRiskOnly = await get('/api/v1/analytics/churn?asOf=1998-06-30&currency=USD&atRiskOnly=true&limit=1000');
      expect(atRiskOnly.items.length).toBe(Math.min(churn.atRisk, 1000));
      expect(atRiskOnly.items.every((i: { atRisk: boolean }) => i.atRisk)).toBe(true);
    });

    it('makes a win-back task for each at-risk customer’s owner, once', async () => {
      const body = { asOf: '1998-06-30', currency: 'USD', threshold: 0.95 };
      expect((await api.call('POST', '/api/v1/analytics/churn/tasks', body, {}, viewer.token)).statusCode).toBe(403);
      const dry = (await api.call('POST', '/api/v1/analytics/churn/tasks', { ...body, dryRun: true })).json();
      expect(dry.created).toBeGreaterThan(0);
      expect(dry.taskIds).toEqual([]);
      const made = (await api.call('POST', '/api/v1/analytics/churn/tasks', body)).json();
      expect(made).toMatchObject({ dryRun: false, created: dry.created, alreadyOpen: 0, notWritable: 0 });
      expect(made.taskIds).toHaveLength(dry.created);
      const task = await get(`/api/v1/tasks/${made.taskIds[0]}`);
      expect(task.title).toMatch(/^挽回客户 Win back: CDNOW \d+ \(\d+%\)$/);
      expect(task.notes).toMatch(/流失风险 \d+%：最近一次购买在/);
      expect(task.notes).toMatch(/Churn risk \d+%: last purchase/);
      const again = (await api.call('POST', '/api/v1/analytics/churn/tasks', body)).json();
      expect(again).toMatchObject({ created: 0, alreadyOpen: made.created });
    });
  });

  it('without orders there is nothing to fit: an empty report, not an error', async () => {
    const none = await get('/api/v1/analytics/clv?currency=EUR');
    expect(none).toMatchObject({ currency: 'EUR', customers: 0, items: [], expectedValue: 0 });
    expect(none.bgnbd).toBeNull();
    expect((await get('/api/v1/analytics/churn?currency=EUR')).items).toEqual([]);
  });
});
