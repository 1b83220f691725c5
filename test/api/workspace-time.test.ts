import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// The workspace's time zone: UTC+8 until an admin sets it; it moves where analytics' days and
// months begin, including the per-customer figures kept from before the change.

const URL = '/api/v1/settings/time-zone';
const AS_OF = '2026-03-31';

forEachDialect('workspace time zone', (db) => {
  let api: TestApi;
  let viewer: string;
  let adminId: number;
  let customerId: number;

  const patch = (body: unknown, token?: string) => api.call('PATCH', URL, body, {}, token);
  const read = async (token?: string) => {
    const res = await api.call('GET', URL, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const analysis = async (path: string) => {
    const res = await api.call('GET', path);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** The month (YYYY-MM) the revenue report files each order amount under. */
  const revenueMonths = async () => {
    const report = await analysis(`/api/v1/analytics/revenue?asOf=${AS_OF}&from=2026-01-01`);
    return Object.fromEntries((report.currencies[0].months as Array<{ month: string; amount: number }>).filter((m) => m.amount > 0).map((m) => [m.month, m.amount]));
  };
  const firstCohort = async () => (await analysis(`/api/v1/analytics/cohorts?asOf=${AS_OF}`)).cohorts.find((c: { customers: number }) => c.customers > 0)?.month;

  beforeAll(async () => {
    api = await createTestApi(db());
    viewer = (await api.userToken('viewer')).token;
    adminId = (await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
    const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Night owl' });
    expect(res.statusCode, res.body).toBe(201);
    customerId = res.json().id;
    // 20:00 UTC on 31 January is 04:00 on 1 February in Beijing; 15:00 on 31 January in New York.
    for (const [orderedAt, unitPrice] of [['2026-01-31T20:00:00Z', 100_00], ['2026-03-10T04:00:00Z', 50_00]] as const) {
      const order = await api.call('POST', '/api/v1/orders', { customerId, orderedAt, currency: 'CNY', items: [{ product: 'Tea', quantity: 1, unitPrice }] });
      expect(order.statusCode, order.body).toBe(201);
    }
  });

  describe('GET and PATCH', () => {
    it('is UTC+8 until an admin sets it, for anyone signed in to read', async () => {
      expect(await read(viewer)).toEqual({ utcOffset: 480, timeZone: null, isDefault: true, updatedAt: null, updatedBy: null, updatedByName: null });
      expect((await api.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    });

    it('refuses everyone but an admin (403, coded), and changes nothing', async () => {
      for (const role of ['sales', 'manager', 'viewer'] as const) {
        const res = await patch({ utcOffset: 0 }, (await api.userToken(role)).token);
        expect(res.statusCode, role).toBe(403);
        expect(res.json().code, role).toBe(role === 'viewer' ? 'access.read_only' : 'access.admin_only');
      }
      expect(await read()).toMatchObject({ utcOffset: 480, isDefault: true });
    });

    it('rejects a bad value with a coded 400 naming the field, and changes nothing', async () => {
      for (const [body, field, code] of [
        [{ utcOffset: 481 }, 'utcOffset', 'settings.utc_offset'],
        [{ utcOffset: 490 }, 'utcOffset', 'settings.utc_offset'],
        [{ utcOffset: 900 }, 'utcOffset', 'field.maximum'],
        [{ utcOffset: -721 }, 'utcOffset', 'field.minimum'],
        [{ utcOffset: 7.5 }, 'utcOffset', null],
        [{ utcOffset: '+08:00' }, 'utcOffset', null],
        [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone', 'field.time_zone'],
        [{ timeZone: 'Europe/Berlin', utcOffset: 60 }, 'timeZone', 'settings.offset_or_zone'],
        [{ zone: 'UTC' }, 'zone', null],
        [{}, null, null],
      ] as const) {
        const res = await patch(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        const problem = res.json();
        if (field) expect(problem.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
        if (code) expect(problem.errors.map((e: { code: string }) => e.code), JSON.stringify(body)).toContain(code);
      }
      expect((await patch({ utcOffset: 481 })).json().errors).toEqual([expect.objectContaining({ field: 'utcOffset', code: 'settings.utc_offset', params: { value: 481 } })]);
      expect(await read()).toMatchObject({ utcOffset: 480, isDefault: true, updatedAt: null });
    });

    it('lets an admin set an offset or a zone, says who and when, and audits old → new', async () => {
      api.clock.advance(60_000);
      const set = await patch({ utcOffset: -300 });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toEqual({ utcOffset: -300, timeZone: null, isDefault: false, updatedAt: api.clock.now().toISOString(), updatedBy: adminId, updatedByName: 'Test admin' });
      expect(await read(viewer)).toMatchObject({ utcOffset: -300, updatedByName: 'Test admin' });

      // a zone keeps its offset of today (the test clock stands in January: Berlin is UTC+1) and its name
      const zone = await patch({ timeZone: 'Europe/Berlin' });
      expect(zone.statusCode, zone.body).toBe(200);
      expect(zone.json()).toMatchObject({ utcOffset: 60, timeZone: 'Europe/Berlin', isDefault: false });
      const india = await patch({ utcOffset: 330 });
      expect(india.json()).toMatchObject({ utcOffset: 330, timeZone: null });

      const [latest, middle, first] = (await api.call('GET', '/api/v1/audit?entity=workspace_time')).json().items;
      expect(first).toMatchObject({ action: 'update', actorId: adminId, changes: { utcOffset: [480, -300] } });
      expect(middle.changes).toEqual({ utcOffset: [-300, 60], timeZone: [null, 'Europe/Berlin'] });
      expect(latest.changes).toEqual({ utcOffset: [60, 330], timeZone: ['Europe/Berlin', null] });
      await patch({ utcOffset: 480 });
    });
  });

  describe('analytics follow it', () => {
    it('moves the month boundary of revenue and cohorts, with the kept figures and analyses of before counted again', async () => {
      // Beijing: the order of 20:00 UTC on 31 January falls on 1 February
      expect(await revenueMonths()).toEqual({ '2026-02': 100_00, '2026-03': 50_00 });
      expect(await firstCohort()).toBe('2026-02');
      const rfm = async () => (await analysis(`/api/v1/analytics/customers/${customerId}/profile?asOf=2026-01-31`)).currencies;
      const before = await rfm();

      expect((await patch({ utcOffset: -300 })).statusCode).toBe(200);
      // New York: still 31 January
      expect(await revenueMonths()).toEqual({ '2026-01': 100_00, '2026-03': 50_00 });
      expect(await firstCohort()).toBe('2026-01');
      // the order was after the end of 31 January in Beijing, within it in New York
      expect(before).toEqual([]);
      expect((await rfm()).map((c: { currency: string; orders: number }) => [c.currency, c.orders])).toEqual([['CNY', 1]]);

      expect((await patch({ utcOffset: 480 })).statusCode).toBe(200);
      expect(await revenueMonths()).toEqual({ '2026-02': 100_00, '2026-03': 50_00 });
      expect(await firstCohort()).toBe('2026-02');
    });
  });

  it('exports for people show times in the zone an admin chose, summer time included', async () => {
    // set in January, when Berlin is UTC+1; the customer is made in July, when Berlin is UTC+2
    expect((await patch({ timeZone: 'Europe/Berlin' })).json()).toMatchObject({ utcOffset: 60 });
    api.clock.advance(180 * 86_400_000);
    const made = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Sommerzeit GmbH' });
    expect(made.statusCode, made.body).toBe(201);
    const utc = made.json().createdAt as string;
    const res = await api.call('GET', '/api/v1/exports/customers?lang=zh');
    expect(res.statusCode).toBe(200);
    const line = res.body.split('\r\n').find((l) => l.startsWith('Sommerzeit')) ?? '';
    const local = new Date(Date.parse(utc) + 2 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect(line).toContain(local);
    await patch({ utcOffset: 480 });
  });
});
