import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

type Page = { items: Array<{ id: number; name: string }>; nextCursor: string | null };

forEachDialect('contacts API', (db) => {
  let api: TestApi;
  let companyId: number;
  beforeAll(async () => {
    api = await createTestApi(db());
    companyId = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '上海云帆贸易有限公司' })).json().id;
  });

  const createContact = async (body: Record<string, unknown>) => {
    const res = await api.call('POST', '/api/v1/contacts', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  describe('create and read', () => {
    it('creates a contact of a customer with normalised phones, pinyin and the company name', async () => {
      const res = await api.call('POST', '/api/v1/contacts', {
        customerId: companyId,
        name: ' 单 田芳 ',
        title: ' 采购经理 ',
        gender: 'male',
        birthday: '1985-03-09',
        phones: [{ value: '138-1234-5678', label: 'mobile' }, { value: '021 6123 4567' }],
        emails: [{ value: 'Shan.TF@YunFan.com.cn', primary: true }],
        tags: ['decision-maker'],
      });
      expect(res.statusCode).toBe(201);
      const contact = res.json();
      expect(contact).toMatchObject({
        name: '单 田芳',
        pinyin: 'shantianfang',
        initials: 'stf',
        title: '采购经理',
        gender: 'male',
        birthday: '1985-03-09',
        customerId: companyId,
        customerName: '上海云帆贸易有限公司',
        tags: ['decision-maker'],
        version: 1,
        deletedAt: null,
      });
      expect(contact.phones).toEqual([
        { value: '+8613812345678', raw: '138-1234-5678', label: 'mobile', primary: true },
        { value: '+862161234567', raw: '021 6123 4567', label: null, primary: false },
      ]);
      expect(contact.emails).toEqual([{ value: 'shan.tf@yunfan.com.cn', raw: 'Shan.TF@YunFan.com.cn', label: null, primary: true }]);
      expect(res.headers.location).toBe(`/api/v1/contacts/${contact.id}`);

      const read = await api.call('GET', `/api/v1/contacts/${contact.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.json()).toEqual(contact);
    });

    it('creates a contact without a customer', async () => {
      const contact = await createContact({ name: 'Anna Müller' });
      expect(contact).toMatchObject({ customerId: null, customerName: null, pinyin: 'annamuller', initials: 'am', phones: [], tags: [] });
    });

    it.each([
      ['a blank name', { name: '   ' }, 'name'],
      ['a missing name', { title: 'CEO' }, 'name'],
      ['an unknown customer', { name: 'X', customerId: 999999 }, 'customerId'],
      ['a birthday in the future', { name: 'X', birthday: '2030-01-01' }, 'birthday'],
      ['a birthday that is not a date', { name: 'X', birthday: '1990-02-30' }, 'birthday'],
      ['a birthday in another format', { name: 'X', birthday: '09/03/1985' }, 'birthday'],
      ['a bad gender', { name: 'X', gender: 'unknown' }, 'gender'],
      ['an invalid phone', { name: 'X', phones: [{ value: '12345' }] }, 'phones[0].value'],
      ['an invalid email', { name: 'X', emails: [{ value: 'a@b' }] }, 'emails[0].value'],
      ['an unknown field', { name: 'X', company: 'Acme' }, 'company'],
      ['an unknown custom field', { name: 'X', custom: { shoe_size: 42 } }, 'custom.shoe_size'],
      ['a customer id that is not a number', { name: 'X', customerId: '12' }, 'customerId'],
    ])('answers %s with a 400 that names the field, and writes nothing', async (_what, body, field) => {
      const before = (await api.call('GET', '/api/v1/contacts?limit=200')).json().items.length;
      const res = await api.call('POST', '/api/v1/contacts', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await api.call('GET', '/api/v1/contacts?limit=200')).json().items.length).toBe(before);
    });

    it('refuses a customer that is in the recycle bin', async () => {
      const gone = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Deleted Co' })).json();
      await api.call('DELETE', `/api/v1/customers/${gone.id}`);
      const res = await api.call('POST', '/api/v1/contacts', { name: 'Late Hire', customerId: gone.id });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toEqual({ field: 'customerId', message: `customer ${gone.id} is in the recycle bin`, code: 'field.in_recycle_bin', params: { entity: 'customer', id: gone.id } });
    });

    it('refuses writes with a read-only role', async () => {
      const viewer = await api.userToken('viewer');
      const res = await api.call('POST', '/api/v1/contacts', { name: 'Nope' }, {}, viewer.token);
      expect(res.statusCode).toBe(403);
      expect((await api.call('GET', '/api/v1/contacts?limit=1', undefined, {}, viewer.token)).statusCode).toBe(200);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await api.call('GET', '/api/v1/contacts/987654')).statusCode).toBe(404);
      expect((await api.call('PATCH', '/api/v1/contacts/987654', { title: 'x' })).statusCode).toBe(404);
    });
  });

  describe('update, optimistic locking and the recycle bin', () => {
    it('updates with If-Match, keeps what the patch leaves out, and answers 412 to a stale version', async () => {
      const created = await createContact({ name: '李娜', phones: [{ value: '13900001111' }], emails: [{ value: 'li.na@example.com' }], title: 'CFO' });
      const first = await api.call('PATCH', `/api/v1/contacts/${created.id}`, { phones: [{ value: '+86 139 0000 2222' }], customerId: companyId }, { 'if-match': '"v1"' });
      expect(first.statusCode).toBe(200);
      const updated = first.json();
      expect(updated.version).toBe(2);
      expect(first.headers.etag).toBe('"v2"');
      expect(updated.phones.map((p: { value: string }) => p.value)).toEqual(['+8613900002222']);
      expect(updated.emails.map((p: { value: string }) => p.value)).toEqual(['li.na@example.com']);
      expect(updated).toMatchObject({ title: 'CFO', customerId: companyId, customerName: '上海云帆贸易有限公司' });
      const found = (q: string) => api.call('GET', `/api/v1/contacts?q=${encodeURIComponent(q)}`).then((r) => r.json().items.map((c: { id: number }) => c.id));
      expect(await found('139 0000 2222')).toEqual([created.id]);
      expect(await found('139 0000 1111')).toEqual([]);

      const stale = await api.call('PATCH', `/api/v1/contacts/${created.id}`, { title: 'CEO' }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/contacts/${created.id}`)).json().title).toBe('CFO');

      const cleared = await api.call('PATCH', `/api/v1/contacts/${created.id}`, { customerId: null, title: null });
      expect(cleared.json()).toMatchObject({ customerId: null, customerName: null, title: null, version: 3 });
    });

    it('takes a contact into the recycle bin with its customer and brings it back on restore', async () => {
      const company = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Soon Gone Ltd' })).json();
      const contact = await createContact({ name: 'Bob Stay', customerId: company.id, phones: [{ value: '13911112222' }] });
      await api.call('DELETE', `/api/v1/customers/${company.id}`);
      expect((await api.call('GET', `/api/v1/contacts/${contact.id}`)).statusCode).toBe(404);
      expect((await api.call('GET', '/api/v1/search?q=bob%20stay')).json().items).toEqual([]);
      expect((await api.call('GET', '/api/v1/lookup/phone/13911112222')).json().matches).toEqual([]);
      await api.call('POST', `/api/v1/customers/${company.id}/restore`);
      const res = await api.call('PATCH', `/api/v1/contacts/${contact.id}`, { title: 'Owner' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ title: 'Owner', customerId: company.id });
    });

    it('soft-deletes with If-Match, hides from lists, and restores', async () => {
      const created = await createContact({ name: 'Gone Person', customerId: companyId });
      expect((await api.call('DELETE', `/api/v1/contacts/${created.id}`, undefined, { 'if-match': '"v9"' })).statusCode).toBe(412);
      expect((await api.call('DELETE', `/api/v1/contacts/${created.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/contacts/${created.id}`)).statusCode).toBe(404);
      expect((await api.call('GET', '/api/v1/contacts?q=gone%20person')).json().items).toEqual([]);
      const ofCompany: Page = (await api.call('GET', `/api/v1/customers/${companyId}/contacts`)).json();
      expect(ofCompany.items.map((c) => c.id)).not.toContain(created.id);
      const bin: Page = (await api.call('GET', '/api/v1/contacts?includeDeleted=true')).json();
      expect(bin.items.map((c) => c.id)).toContain(created.id);

      const restored = await api.call('POST', `/api/v1/contacts/${created.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({ deletedAt: null, version: 3 });
      expect((await api.call('POST', `/api/v1/contacts/${created.id}/restore`)).statusCode).toBe(409);
    });
  });

  describe('lists', () => {
    let ownCompany: number;
    beforeAll(async () => {
      ownCompany = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '深圳蓝海科技' })).json().id;
      for (const name of ['周杰', '吴敏', '郑强']) {
        api.clock.advance(1000);
        await createContact({ name, customerId: ownCompany, tags: ['shenzhen'] });
      }
    });

    it('lists the contacts of one customer, newest first, paging with a cursor', async () => {
      const first: Page = (await api.call('GET', `/api/v1/customers/${ownCompany}/contacts?limit=2`)).json();
      expect(first.items.map((c) => c.name)).toEqual(['郑强', '吴敏']);
      const second: Page = (await api.call('GET', `/api/v1/customers/${ownCompany}/contacts?limit=2&cursor=${first.nextCursor}`)).json();
      expect(second.items.map((c) => c.name)).toEqual(['周杰']);
      expect(second.nextCursor).toBeNull();
    });

    it('answers 404 for the contacts of a customer that does not exist or is deleted', async () => {
      expect((await api.call('GET', '/api/v1/customers/987654/contacts')).statusCode).toBe(404);
      const gone = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Vanished' })).json();
      await api.call('DELETE', `/api/v1/customers/${gone.id}`);
      expect((await api.call('GET', `/api/v1/customers/${gone.id}/contacts`)).statusCode).toBe(404);
    });

    it('filters by customer, tag, sorts by name and searches by pinyin, initials and company', async () => {
      const byCustomer: Page = (await api.call('GET', `/api/v1/contacts?customerId=${ownCompany}&sort=name`)).json();
      expect(byCustomer.items.map((c) => c.name)).toEqual(['吴敏', '郑强', '周杰']);
      const byTag: Page = (await api.call('GET', '/api/v1/contacts?tag=shenzhen&sort=-name')).json();
      expect(byTag.items.map((c) => c.name)).toEqual(['周杰', '郑强', '吴敏']);
      const byPinyin: Page = (await api.call('GET', '/api/v1/contacts?q=zhoujie')).json();
      expect(byPinyin.items.map((c) => c.name)).toEqual(['周杰']);
      const byInitials: Page = (await api.call('GET', '/api/v1/contacts?q=wm')).json();
      expect(byInitials.items.map((c) => c.name)).toEqual(['吴敏']);
      const byCompany: Page = (await api.call('GET', `/api/v1/contacts?q=${encodeURIComponent('蓝海科技')}&sort=name`)).json();
      expect(byCompany.items.map((c) => c.name)).toEqual(['吴敏', '郑强', '周杰']);
    });

    it('rejects a bad filter with 400', async () => {
      const res = await api.call('GET', '/api/v1/contacts?sort=age');
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('sort');
      expect((await api.call('GET', '/api/v1/contacts?customerId=abc')).statusCode).toBe(400);
    });
  });

  describe('access of a page of contacts at once', () => {
    it('says write, read or nothing per contact, as the edit would answer, in one request', async () => {
      const rep = await api.userToken('sales');
      const mine = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '杭州自有客户', ownerId: rep.userId })).json().id as number;
      const readShared = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '苏州只读客户' })).json().id as number;
      expect((await api.call('POST', `/api/v1/customers/${readShared}/shares`, { userId: rep.userId, access: 'read' })).statusCode).toBe(201);
      const own = await createContact({ name: '自有联系人', customerId: mine });
      const shared = await createContact({ name: '只读联系人', customerId: readShared });
      const hidden = await createContact({ name: '看不到的人', customerId: companyId });
      const loose = await createContact({ name: '通讯录中的人' });

      const res = await api.call('GET', `/api/v1/contacts/access?ids=${[own.id, shared.id, hidden.id, loose.id, own.id, 987654].join(',')}`, undefined, {}, rep.token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual([
        { id: own.id, access: 'write' },
        { id: shared.id, access: 'read' },
        { id: loose.id, access: 'write' },
      ]);
      // what it says holds: the read one is refused, the written one saved
      expect((await api.call('PATCH', `/api/v1/contacts/${shared.id}`, { title: '经理' }, { 'if-match': '"v1"' }, rep.token)).statusCode).toBe(403);
      expect((await api.call('PATCH', `/api/v1/contacts/${own.id}`, { title: '经理' }, { 'if-match': '"v1"' }, rep.token)).statusCode).toBe(200);

      const viewer = await api.userToken('viewer');
      const seen = await api.call('GET', `/api/v1/contacts/access?ids=${own.id},${loose.id}`, undefined, {}, viewer.token);
      expect(seen.json().items).toContainEqual({ id: loose.id, access: 'read' });
      expect(seen.json().items.every((i: { access: string }) => i.access === 'read')).toBe(true);
    });

    it('refuses ids that are not a list of up to 200 numbers', async () => {
      for (const ids of ['', 'abc', '1,,2', '0', '-1', Array.from({ length: 201 }, (_, i) => i + 1).join(',')]) {
        const res = await api.call('GET', `/api/v1/contacts/access?ids=${encodeURIComponent(ids)}`);
        expect(res.statusCode, `${ids}: ${res.body}`).toBe(400);
        expect(res.json().errors[0]).toMatchObject({ field: 'ids' });
      }
    });
  });
});
