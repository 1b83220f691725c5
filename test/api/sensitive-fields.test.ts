import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { decrypt } from '../../src/core/crypto/cipher.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const ID_NUMBER = '11010519491231002X';
const BANK_ACCOUNT = '6222020200112233445';

forEachDialect('sensitive fields encrypted at rest', (db) => {
  let api: TestApi;
  let customer: { id: number; idNumber: string | null; bankAccount: string | null };
  beforeAll(async () => {
    api = await createTestApi(db());
    const created = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '王芳', idNumber: '110105 1949 1231 002x', bankAccount: '6222 0202 0011 2233 445' });
    expect(created.statusCode).toBe(201);
    customer = created.json();
  });

  const rawRow = () => db().db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow();

  it('answers the values masked on create, get and list', async () => {
    expect(customer).toMatchObject({ idNumber: '1101**********002X', bankAccount: '6222***********3445' });
    const got = (await api.call('GET', `/api/v1/customers/${customer.id}`)).json();
    expect(got).toMatchObject({ idNumber: '1101**********002X', bankAccount: '6222***********3445' });
    const list = (await api.call('GET', '/api/v1/customers')).json();
    expect(list.items.find((c: { id: number }) => c.id === customer.id).idNumber).toBe('1101**********002X');
  });

  it('reveals them in clear to an admin and writes the reveal to the audit log', async () => {
    const revealed = await api.call('GET', `/api/v1/customers/${customer.id}/sensitive`);
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual({ id: customer.id, idNumber: ID_NUMBER, bankAccount: BANK_ACCOUNT, custom: {} });
    const history = (await api.call('GET', `/api/v1/customers/${customer.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'reveal', entityId: customer.id, changes: { revealed: [null, ['idNumber', 'bankAccount']] } });
    const created = history.items.find((e: { action: string }) => e.action === 'create');
    expect(created.changes.idNumber).toEqual([null, '1101**********002X']);
    for (const secret of [ID_NUMBER, BANK_ACCOUNT]) expect(JSON.stringify(history)).not.toContain(secret);
  });

  it('refuses the reveal to a sales rep with 403', async () => {
    const sales = await api.userToken('sales');
    const own = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '李雷', idNumber: 'E12345678' }, {}, sales.token)).json();
    const refused = await api.call('GET', `/api/v1/customers/${own.id}/sensitive`, undefined, {}, sales.token);
    expect(refused.statusCode).toBe(403);
    expect((await api.call('GET', '/api/v1/customers/999999/sensitive', undefined, {}, sales.token)).statusCode).toBe(403);
  });

  it('stores no plaintext in the table, only ciphertext and a blind index', async () => {
    const row = await rawRow();
    const text = JSON.stringify(row);
    for (const secret of [ID_NUMBER, BANK_ACCOUNT, '002X', '2233445']) expect(text).not.toContain(secret);
    expect(row.id_number_enc).toMatch(/^v1:env:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(row.id_number_bidx).toMatch(/^[0-9a-f]{64}$/);
    expect(decrypt(api.deps.crypto, row.bank_account_enc!)).toBe(BANK_ACCOUNT);
  });

  it('keeps the plaintext out of the raw database file', async () => {
    if (db().name !== 'sqlite') return;
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db().db);
    const bytes = readFileSync(db().location);
    expect(bytes.includes('王芳')).toBe(true);
    for (const secret of [ID_NUMBER, BANK_ACCOUNT, '11010519491231']) expect(bytes.includes(secret)).toBe(false);
  });

  it('finds the customer by ID number through the blind index, in any spelling', async () => {
    const found = (await api.call('GET', `/api/v1/customers?idNumber=${encodeURIComponent('110105194912310 02x')}`)).json();
    expect(found.items.map((c: { id: number }) => c.id)).toEqual([customer.id]);
    const none = (await api.call('GET', '/api/v1/customers?idNumber=E99999999')).json();
    expect(none.items).toEqual([]);
  });

  it('rejects malformed values naming the field', async () => {
    const bad = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '坏', idNumber: '110105194912310021', bankAccount: '12' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['idNumber', 'bankAccount']));
  });

  it('updates and clears the values with PATCH', async () => {
    const patched = await api.call('PATCH', `/api/v1/customers/${customer.id}`, { bankAccount: null, name: '王芳芳' });
    expect(patched.json()).toMatchObject({ bankAccount: null, idNumber: '1101**********002X' });
    expect((await rawRow()).bank_account_enc).toBeNull();
  });

  it('answers a tampered ciphertext with a clear error, never garbage', async () => {
    const row = await rawRow();
    const [v, keyId, iv, body] = row.id_number_enc!.split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0]! ^= 1;
    const tampered = [v, keyId, iv, flipped.toString('base64')].join(':');
    expect(() => decrypt(api.deps.crypto, tampered)).toThrow(/authentication failed/);
    await db().db.updateTable('customers').set({ id_number_enc: tampered }).where('id', '=', customer.id).execute();
    const reveal = await api.call('GET', `/api/v1/customers/${customer.id}/sensitive`);
    expect(reveal.statusCode).toBe(500);
    expect(JSON.stringify(reveal.json())).not.toContain(ID_NUMBER);
  });
});

