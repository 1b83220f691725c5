import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Field {
  id: number;
  entity: string;
  key: string;
  label: string;
  type: string;
  options: string[] | null;
  required: boolean;
  unique: boolean;
  position: number;
  version: number;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);

forEachDialect('custom fields API', (db) => {
  let api: TestApi;
  let sales: string;
  let readOnlyAdmin: string;

  const post = async (path: string, body: unknown) => {
    const res = await api.call('POST', path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const count = async () =>
    Number((await api.deps.db.selectFrom('custom_field_defs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    api = await createTestApi(db());
    sales = (await api.userToken('sales')).token;
    const email = `reader-${Date.now()}@example.com`;
    await api.userToken('admin', email);
    readOnlyAdmin = (await createToken(api.deps, { email, scope: 'read' }, null)).token;
  });

  describe('an admin adds fields, and every customer write is checked against them', () => {
    let vat: Field;
    let tier: Field;

    beforeAll(async () => {
      vat = await post('/api/v1/custom-fields', { entity: 'customer', key: 'vat_number', label: ' VAT  number ', type: 'text', unique: true });
      tier = await post('/api/v1/custom-fields', { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'], required: true });
    });

    it('creates definitions that anyone may read, appended in form order', async () => {
      expect(vat).toMatchObject({ entity: 'customer', key: 'vat_number', label: 'VAT number', type: 'text', options: null, required: false, unique: true, version: 1 });
      expect(tier).toMatchObject({ type: 'select', options: ['gold', 'silver'], required: true, unique: false });
      expect(tier.position).toBeGreaterThan(vat.position);
      const listed = await api.call('GET', '/api/v1/custom-fields?entity=customer', undefined, {}, sales);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((f: Field) => f.key)).toEqual(['vat_number', 'tier']);
      const one = await api.call('GET', `/api/v1/custom-fields/${tier.id}`, undefined, {}, sales);
      expect(one.headers.etag).toBe('"v1"');
      expect(one.json()).toEqual(tier);
    });

    it('refuses a customer without the required tier', async () => {
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'No Tier Ltd' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'custom.tier', message: 'is required', code: 'field.required' }]);
    });

    it('refuses a tier that is not an option, listing the options', async () => {
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Bronze Ltd', custom: { tier: 'bronze' } });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['custom.tier']);
      expect(res.json().errors[0].message).toContain('gold, silver');
    });

    it('refuses an unknown custom key and a wrongly typed value', async () => {
      const unknown = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'X', custom: { tier: 'gold', shoe_size: 42 } });
      expect(unknown.statusCode).toBe(400);
      expect(fields(unknown)).toEqual(['custom.shoe_size']);
      const typed = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'X', custom: { tier: 'gold', vat_number: 12345 } });
      expect(typed.statusCode).toBe(400);
      expect(fields(typed)).toEqual(['custom.vat_number']);
    });

    it('keeps vat_number unique across customers, on create and on update', async () => {
      const first = await post('/api/v1/customers', { kind: 'company', name: 'First VAT', custom: { tier: 'gold', vat_number: 'CN-123' } });
      const before = (await api.call('GET', '/api/v1/customers?limit=200')).json().items.length;
      const second = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Second VAT', custom: { tier: 'silver', vat_number: 'CN-123' } });
      expect([400, 409]).toContain(second.statusCode);
      expect(fields(second)).toEqual(['custom.vat_number']);
      expect((await api.call('GET', '/api/v1/customers?limit=200')).json().items.length).toBe(before);

      const other = await post('/api/v1/customers', { kind: 'company', name: 'Other VAT', custom: { tier: 'silver', vat_number: 'CN-456' } });
      const clash = await api.call('PATCH', `/api/v1/customers/${other.id}`, { custom: { vat_number: 'CN-123' } });
      expect(fields(clash)).toEqual(['custom.vat_number']);
      const self = await api.call('PATCH', `/api/v1/customers/${first.id}`, { custom: { vat_number: 'CN-123' } });
      expect(self.statusCode, self.body).toBe(200);
    });

    it('round-trips valid values through GET', async () => {
      const created = await post('/api/v1/customers', { kind: 'company', name: 'Valid Custom', custom: { tier: 'silver', vat_number: 'CN-789' } });
      const read = (await api.call('GET', `/api/v1/customers/${created.id}`)).json();
      expect(read.custom).toEqual({ tier: 'silver', vat_number: 'CN-789' });
    });

    it('applies a changed option list to the next write', async () => {
      const res = await api.call('PATCH', `/api/v1/custom-fields/${tier.id}`, { options: ['gold', 'silver', 'bronze'] }, { 'if-match': '"v1"' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ options: ['gold', 'silver', 'bronze'], version: 2 });
      await post('/api/v1/customers', { kind: 'company', name: 'Bronze At Last', custom: { tier: 'bronze' } });
    });
  });

  describe('definition rules', () => {
    it.each([
      ['a select without options', { key: 'a1', type: 'select' }, 'options', 400],
      ['a multiselect with an empty option list', { key: 'a2', type: 'multiselect', options: [] }, 'options', 400],
      ['a select with a repeated option', { key: 'a3', type: 'select', options: ['x', 'x'] }, 'options', 400],
      ['a text field with options', { key: 'a4', type: 'text', options: ['x'] }, 'options', 400],
      ['a unique boolean', { key: 'a5', type: 'boolean', unique: true }, 'unique', 400],
      ['a unique select', { key: 'a6', type: 'select', options: ['x'], unique: true }, 'unique', 400],
      ['a key that is not a machine name', { key: 'VAT Number', type: 'text' }, 'key', 400],
      ['an unknown entity', { entity: 'invoice', key: 'a7', type: 'text' }, 'entity', 400],
      ['an unknown type', { key: 'a8', type: 'colour' }, 'type', 400],
      ['a blank label', { key: 'a9', type: 'text', label: '   ' }, 'label', 400],
      ['a key the entity already has', { key: 'dup_key', type: 'number' }, 'key', 409],
    ])('refuses %s naming the field, writing nothing', async (_what, body, field, status) => {
      await api.call('POST', '/api/v1/custom-fields', { entity: 'contact', key: 'dup_key', label: 'Dup', type: 'text' });
      const before = await count();
      const res = await api.call('POST', '/api/v1/custom-fields', { entity: 'contact', label: 'Label', ...body });
      expect(res.statusCode, res.body).toBe(status);
      expect(fields(res)).toContain(field);
      expect(await count()).toBe(before);
    });

    it('allows the same key on another entity', async () => {
      await post('/api/v1/custom-fields', { entity: 'deal', key: 'dup_key', label: 'Dup', type: 'text' });
      const deals = (await api.call('GET', '/api/v1/custom-fields?entity=deal')).json().items;
      expect(deals.map((f: Field) => f.key)).toEqual(['dup_key']);
    });

    it('does not change a type or key, nor give a text field options', async () => {
      const field = await post('/api/v1/custom-fields', { entity: 'order', key: 'po_ref', label: 'PO', type: 'text' });
      for (const [body, name] of [[{ type: 'number' }, 'type'], [{ key: 'other' }, 'key'], [{ options: ['a'] }, 'options']] as const) {
        const res = await api.call('PATCH', `/api/v1/custom-fields/${field.id}`, body);
        expect(res.statusCode, res.body).toBe(400);
        expect(fields(res)).toContain(name);
      }
      expect((await api.call('GET', `/api/v1/custom-fields/${field.id}`)).json().version).toBe(1);
    });
  });

  describe('fields an admin changes later', () => {
    it('keeps the value of a deleted field and does not block other edits', async () => {
      const field = await post('/api/v1/custom-fields', { entity: 'contact', key: 'shoe_size', label: 'Shoe size', type: 'number' });
      const contact = await post('/api/v1/contacts', { name: 'Later Lee', custom: { shoe_size: 42 } });
      await api.call('DELETE', `/api/v1/custom-fields/${field.id}`);
      const edited = await api.call('PATCH', `/api/v1/contacts/${contact.id}`, { title: 'Buyer' });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json().custom).toEqual({ shoe_size: 42 });
      const sneaky = await api.call('PATCH', `/api/v1/contacts/${contact.id}`, { custom: { shoe_size: 43 } });
      expect(sneaky.statusCode).toBe(400);
      expect(fields(sneaky)).toEqual(['custom.shoe_size']);
    });

    it('enforces a field made required later on new records, not on unrelated edits of old ones', async () => {
      const old = await post('/api/v1/contacts', { name: 'Before Rule' });
      const field = await post('/api/v1/custom-fields', { entity: 'contact', key: 'region_code', label: 'Region', type: 'text', required: true });
      const edited = await api.call('PATCH', `/api/v1/contacts/${old.id}`, { title: 'Still fine' });
      expect(edited.statusCode, edited.body).toBe(200);
      const fresh = await api.call('POST', '/api/v1/contacts', { name: 'After Rule' });
      expect(fresh.statusCode).toBe(400);
      expect(fields(fresh)).toEqual(['custom.region_code']);
      await api.call('DELETE', `/api/v1/custom-fields/${field.id}`);
    });
  });

  describe('locking, recycle bin and permissions', () => {
    it('updates with If-Match and answers 412 when stale', async () => {
      const field = await post('/api/v1/custom-fields', { entity: 'order', key: 'region', label: 'Region', type: 'text' });
      const first = await api.call('PATCH', `/api/v1/custom-fields/${field.id}`, { label: 'Sales region', required: true, position: 7 }, { 'if-match': '"v1"' });
      expect(first.json()).toMatchObject({ label: 'Sales region', required: true, position: 7, version: 2 });
      const stale = await api.call('PATCH', `/api/v1/custom-fields/${field.id}`, { label: 'Lost' }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('DELETE', `/api/v1/custom-fields/${field.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/custom-fields/${field.id}`)).json().label).toBe('Sales region');
    });

    it('retires a field and restores it; a key taken meanwhile blocks the restore', async () => {
      const field = await post('/api/v1/custom-fields', { entity: 'contact', key: 'hobby', label: 'Hobby', type: 'text' });
      expect((await api.call('DELETE', `/api/v1/custom-fields/${field.id}`)).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/custom-fields/${field.id}`)).statusCode).toBe(404);
      expect((await api.call('GET', '/api/v1/custom-fields?entity=contact')).json().items.map((f: Field) => f.key)).not.toContain('hobby');
      expect((await api.call('GET', '/api/v1/custom-fields?entity=contact&includeDeleted=true')).json().items.map((f: Field) => f.key)).toContain('hobby');
      const restored = await api.call('POST', `/api/v1/custom-fields/${field.id}/restore`);
      expect(restored.statusCode, restored.body).toBe(200);
      expect(restored.json().deletedAt).toBeNull();

      await api.call('DELETE', `/api/v1/custom-fields/${field.id}`);
      await post('/api/v1/custom-fields', { entity: 'contact', key: 'hobby', label: 'Hobby again', type: 'text' });
      const blocked = await api.call('POST', `/api/v1/custom-fields/${field.id}/restore`);
      expect(blocked.statusCode).toBe(409);
      expect(fields(blocked)).toEqual(['key']);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await api.call('GET', '/api/v1/custom-fields/987654')).statusCode).toBe(404);
      expect((await api.call('PATCH', '/api/v1/custom-fields/987654', { label: 'x' })).statusCode).toBe(404);
      expect((await api.call('DELETE', '/api/v1/custom-fields/987654')).statusCode).toBe(404);
    });

    it('lets only a writing admin change definitions (403 for sales and read-only tokens)', async () => {
      const field = await post('/api/v1/custom-fields', { entity: 'deal', key: 'guarded', label: 'Guarded', type: 'number' });
      const before = await count();
      for (const token of [sales, readOnlyAdmin]) {
        expect((await api.call('GET', '/api/v1/custom-fields', undefined, {}, token)).statusCode).toBe(200);
        expect((await api.call('POST', '/api/v1/custom-fields', { entity: 'deal', key: 'sneaky', label: 'S', type: 'text' }, {}, token)).statusCode).toBe(403);
        expect((await api.call('PATCH', `/api/v1/custom-fields/${field.id}`, { label: 'Hacked' }, {}, token)).statusCode).toBe(403);
        expect((await api.call('DELETE', `/api/v1/custom-fields/${field.id}`, undefined, {}, token)).statusCode).toBe(403);
        expect((await api.call('POST', `/api/v1/custom-fields/${field.id}/restore`, undefined, {}, token)).statusCode).toBe(403);
      }
      expect(await count()).toBe(before);
      expect((await api.call('GET', `/api/v1/custom-fields/${field.id}`)).json()).toMatchObject({ label: 'Guarded', version: 1, deletedAt: null });
    });
  });
});
