import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const PASSPORT = 'E12345678';

forEachDialect('sensitive custom fields', (db) => {
  let api: TestApi;
  let rep: { token: string; userId: number };
  let customerId: number;
  beforeAll(async () => {
    api = await createTestApi(db());
    rep = await api.userToken('sales');
    const field = await api.call('POST', '/api/v1/custom-fields', { entity: 'customer', key: 'passport', label: '护照号', type: 'text', sensitive: true });
    expect(field.statusCode).toBe(201);
    expect(field.json()).toMatchObject({ key: 'passport', sensitive: true });
    await api.call('POST', '/api/v1/custom-fields', { entity: 'customer', key: 'hobby', label: '爱好', type: 'text' });
    const created = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '赵敏', custom: { passport: PASSPORT, hobby: '围棋' } }, {}, rep.token);
    expect(created.statusCode).toBe(201);
    customerId = created.json().id;
  });

  const rawCustom = async () =>
    JSON.stringify((await db().db.selectFrom('customers').select('custom').where('id', '=', customerId).executeTakeFirstOrThrow()).custom);

  it('shows the value masked to everyone on read, other custom values in clear', async () => {
    for (const token of [rep.token, api.token]) {
      const got = (await api.call('GET', `/api/v1/customers/${customerId}`, undefined, {}, token)).json();
      expect(got.custom).toEqual({ passport: 'E1*****78', hobby: '围棋' });
    }
    const list = (await api.call('GET', '/api/v1/customers', undefined, {}, rep.token)).json();
    expect(JSON.stringify(list)).not.toContain(PASSPORT);
  });

  it('stores only ciphertext in the table', async () => {
    const raw = await rawCustom();
    expect(raw).not.toContain(PASSPORT);
    expect(raw).toContain('$sealed');
  });

  it('keeps the secret when a client sends the masked value back with other changes', async () => {
    const current = await api.call('GET', `/api/v1/customers/${customerId}`, undefined, {}, rep.token);
    const patched = await api.call(
      'PATCH',
      `/api/v1/customers/${customerId}`,
      { custom: { ...current.json().custom, hobby: '书法' } },
      { 'if-match': current.headers.etag as string },
      rep.token,
    );
    expect(patched.statusCode).toBe(200);
    const revealed = (await api.call('GET', `/api/v1/customers/${customerId}/sensitive`)).json();
    expect(revealed.custom).toEqual({ passport: PASSPORT });
  });

  it('reveals in clear to an admin only, and records the reveal', async () => {
    expect((await api.call('GET', `/api/v1/customers/${customerId}/sensitive`, undefined, {}, rep.token)).statusCode).toBe(403);
    const history = (await api.call('GET', `/api/v1/customers/${customerId}/history`)).json();
    const reveal = history.items.find((e: { action: string }) => e.action === 'reveal');
    expect(reveal.changes.revealed[1]).toContain('custom.passport');
    expect(JSON.stringify(history)).not.toContain(PASSPORT);
  });

  it('replaces the value when a new one is written', async () => {
    const current = await api.call('GET', `/api/v1/customers/${customerId}`);
    const patched = await api.call('PATCH', `/api/v1/customers/${customerId}`, { custom: { passport: 'G87654321' } }, { 'if-match': current.headers.etag as string });
    expect(patched.json().custom.passport).toBe('G8*****21');
    expect((await api.call('GET', `/api/v1/customers/${customerId}/sensitive`)).json().custom).toEqual({ passport: 'G87654321' });
    expect(await rawCustom()).not.toContain('G87654321');
  });

  it('refuses sensitive fields that are not customer text fields, naming the problem', async () => {
    const cases = [
      { body: { entity: 'customer', key: 'vip', label: 'VIP', type: 'boolean', sensitive: true }, field: 'sensitive' },
      { body: { entity: 'contact', key: 'passport', label: 'Passport', type: 'text', sensitive: true }, field: 'sensitive' },
      { body: { entity: 'customer', key: 'licence', label: 'Licence', type: 'text', sensitive: true, unique: true }, field: 'unique' },
    ];
    for (const { body, field } of cases) {
      const refused = await api.call('POST', '/api/v1/custom-fields', body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
