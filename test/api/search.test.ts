import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Hit {
  type: 'customer' | 'contact';
  id: number;
  name: string;
  customerId?: number | null;
  customerName?: string | null;
  phones: string[];
  emails: string[];
  match: string;
}

forEachDialect('search and caller ID API', (db) => {
  let api: TestApi;
  const ids: Record<string, number> = {};

  const create = async (path: string, body: Record<string, unknown>) => {
    const res = await api.call('POST', `/api/v1/${path}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const search = async (q: string, limit?: number): Promise<Hit[]> => {
    const res = await api.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const names = (hits: Hit[]) => hits.map((h) => `${h.type}:${h.name}`);

  beforeAll(async () => {
    api = await createTestApi(db());
    ids.xingchen = await create('customers', {
      kind: 'company',
      name: '北京星辰科技有限公司',
      phones: [{ value: '010 6552 9988' }],
      emails: [{ value: 'info@xingchen.cn' }],
    });
    ids.zhangWei = await create('contacts', {
      name: '张伟',
      customerId: ids.xingchen,
      phones: [{ value: '138 1234 5678' }],
      emails: [{ value: 'Zhang.Wei@XingChen.cn' }],
    });
    ids.zhangWeiDong = await create('customers', { kind: 'person', name: '张伟东', phones: [{ value: '139 0000 1111' }] });
    ids.zhouWen = await create('contacts', { name: '周文' });
    ids.wangFang = await create('customers', { kind: 'person', name: '王芳', phones: [{ value: '+86 138 1234 5678' }] });
    ids.goneCustomer = await create('customers', { kind: 'person', name: '张伟', phones: [{ value: '13700001111' }] });
    await api.call('DELETE', `/api/v1/customers/${ids.goneCustomer}`);
    ids.goneContact = await create('contacts', { name: '张伟伟', phones: [{ value: '13812345678' }], emails: [{ value: 'old@xingchen.cn' }] });
    await api.call('DELETE', `/api/v1/contacts/${ids.goneContact}`);
  });

  describe('search', () => {
    it.each(['张伟', 'zhangwei', 'zhang wei', 'ZhangWei', 'ｚｈａｎｇｗｅｉ'])('finds 张伟 first by %j, then 张伟东, never the deleted ones', async (q) => {
      const hits = await search(q);
      expect(names(hits).slice(0, 2)).toEqual(['contact:张伟', 'customer:张伟东']);
      expect(hits[0]).toMatchObject({
        id: ids.zhangWei,
        match: 'name',
        customerId: ids.xingchen,
        customerName: '北京星辰科技有限公司',
        phones: ['+8613812345678'],
        emails: ['zhang.wei@xingchen.cn'],
      });
      expect(hits.map((h) => h.id)).not.toContain(ids.goneCustomer);
      expect(hits.map((h) => h.id)).not.toContain(ids.goneContact);
    });

    it.each(['zw', 'ZW'])('finds people by their initials %j, exact initials before longer ones', async (q) => {
      const hits = await search(q);
      expect(names(hits)).toEqual(['contact:张伟', 'contact:周文', 'customer:张伟东']);
      expect(hits.map((h) => h.match)).toEqual(['initials', 'initials', 'prefix']);
    });

    it('finds a company by part of its name, and its contacts by the company name', async () => {
      const hits = await search('星辰科技');
      expect(names(hits)).toEqual(['customer:北京星辰科技有限公司', 'contact:张伟']);
      expect(hits.map((h) => h.match)).toEqual(['contains', 'company']);
      expect(hits[0]).not.toHaveProperty('customerId');
      expect(hits[0]?.phones).toEqual(['+861065529988']);
    });

    it.each(['星辰', '科技', '星', '技'])('finds 北京星辰科技有限公司 and its contact by %j, inside the name', async (q) => {
      const hits = await search(q);
      expect(names(hits)).toEqual(expect.arrayContaining(['customer:北京星辰科技有限公司', 'contact:张伟']));
      expect(hits.find((h) => h.id === ids.xingchen)?.match).toBe('contains');
      expect(hits.find((h) => h.id === ids.zhangWei && h.type === 'contact')?.match).toBe('company');
    });

    it('ranks exact and prefix matches of two Chinese characters before names that hold them inside', async () => {
      const inside = await create('customers', { kind: 'company', name: '上海中科恒通贸易有限公司' });
      const prefix = await create('customers', { kind: 'company', name: '恒通物流' });
      const exact = await create('customers', { kind: 'company', name: '恒通' });
      const hits = await search('恒通');
      expect(hits.slice(0, 3).map((h) => [h.id, h.match])).toEqual([
        [exact, 'name'],
        [prefix, 'prefix'],
        [inside, 'contains'],
      ]);
    });

    it('finds every company with 科技 in its name, also past the candidate cap, and in the customer list', async () => {
      const companies = await Promise.all(['深圳', '广州', '杭州'].map((city) => create('customers', { kind: 'company', name: `${city}云帆科技有限公司` })));
      const hits = await search('科技', 50);
      expect(hits.map((h) => h.id)).toEqual(expect.arrayContaining([ids.xingchen, ...companies]));
      const list = await api.call('GET', `/api/v1/customers?q=${encodeURIComponent('云帆')}&limit=50`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.map((c: { id: number }) => c.id).sort()).toEqual([...companies].sort());
    });

    it('keeps the gram index current: a renamed company is found by its new words only, a deleted one not at all', async () => {
      const id = await create('customers', { kind: 'company', name: '青岛博瑞建材有限公司' });
      expect((await search('博瑞')).map((h) => h.id)).toContain(id);
      expect((await api.call('PATCH', `/api/v1/customers/${id}`, { name: '青岛宏图建材有限公司' })).statusCode).toBe(200);
      expect((await search('博瑞')).map((h) => h.id)).not.toContain(id);
      expect((await search('宏图')).map((h) => h.id)).toContain(id);
      await api.call('DELETE', `/api/v1/customers/${id}`);
      expect((await search('宏图')).map((h) => h.id)).not.toContain(id);
    });

    it.each(['1234 5678', '138-1234', '+86 138 1234 5678', '１３８１２３４５６７８', '(138) 1234', '0086 138 1234'])('finds by the phone fragment %j', async (q) => {
      const hits = await search(q);
      expect(names(hits).sort()).toEqual(['contact:张伟', 'customer:王芳']);
      expect(hits.every((h) => h.match === 'phone')).toBe(true);
    });

    it('finds by part of an email, but not a deleted contact with a matching email', async () => {
      const hits = await search('xingchen.cn');
      expect(names(hits)).toEqual(['contact:张伟', 'customer:北京星辰科技有限公司']);
      expect(hits.map((h) => h.match)).toEqual(['email', 'email']);
    });

    it('finds a contact by the new name of a renamed company', async () => {
      const company = await create('customers', { kind: 'company', name: '杭州明月网络' });
      const contact = await create('contacts', { name: 'Lucy Chen', customerId: company });
      await api.call('PATCH', `/api/v1/customers/${company}`, { name: '杭州朝阳网络' });
      expect((await search('朝阳网络')).map((h) => h.id)).toContain(contact);
      expect((await search('明月网络')).map((h) => h.id)).not.toContain(contact);
    });

    it('finds a restored record again', async () => {
      const id = await create('customers', { kind: 'company', name: 'Phoenix Rising GmbH' });
      await api.call('DELETE', `/api/v1/customers/${id}`);
      expect(await search('phoenix')).toEqual([]);
      await api.call('POST', `/api/v1/customers/${id}/restore`);
      expect((await search('phoenix')).map((h) => h.id)).toEqual([id]);
    });

    it('keeps an exact match even when more records match than the candidate cap', async () => {
      await Promise.all(Array.from({ length: 201 }, (_, i) => create('customers', { kind: 'person', name: `欧阳修${i}` })));
      const exact = await create('customers', { kind: 'person', name: '欧阳修' });
      const hits = await search('欧阳修', 5);
      expect(hits).toHaveLength(5);
      expect(hits[0]).toMatchObject({ id: exact, match: 'name' });
      expect(hits.slice(1).every((h) => h.match === 'prefix')).toBe(true);
    });

    it('honours limit', async () => {
      expect(await search('zw', 1)).toHaveLength(1);
    });

    it.each([
      ['no q', ''],
      ['an empty q', '?q='],
      ['a blank q', '?q=%20%20'],
      ['a q over 200 characters', `?q=${'x'.repeat(201)}`],
      ['limit 0', '?q=zw&limit=0'],
      ['limit over 50', '?q=zw&limit=51'],
      ['a limit that is not a number', '?q=zw&limit=ten'],
      ['an unknown parameter', '?q=zw&sort=name'],
    ])('answers %s with a 400 problem', async (_what, query) => {
      const res = await api.call('GET', `/api/v1/search${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toBeTruthy();
    });

    it('names q in the error for a missing or blank query', async () => {
      expect((await api.call('GET', '/api/v1/search')).json().errors[0].field).toBe('q');
      expect((await api.call('GET', '/api/v1/search?q=%20')).json().errors[0].field).toBe('q');
    });
  });

  describe('caller ID', () => {
    const lookup = (number: string) => api.call('GET', `/api/v1/lookup/phone/${encodeURIComponent(number)}`);

    it.each(['+86 138 1234 5678', '13812345678', '0086-138-1234-5678', '+86 (138) 1234-5678', '１３８ １２３４ ５６７８'])(
      'finds the owners of %j, not the deleted one',
      async (number) => {
        const res = await lookup(number);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({
          number: '+8613812345678',
          matches: [
            { type: 'customer', id: ids.wangFang, name: '王芳', customerId: null, customerName: null },
            { type: 'contact', id: ids.zhangWei, name: '张伟', customerId: ids.xingchen, customerName: '北京星辰科技有限公司' },
          ],
        });
      },
    );

    it('finds a landline in national format', async () => {
      const res = await lookup('(010) 6552-9988');
      expect(res.json().matches.map((m: Hit) => m.id)).toEqual([ids.xingchen]);
    });

    it('answers 200 with no matches for a number nobody owns, or only a deleted record owns', async () => {
      for (const number of ['13900009999', '137 0000 1111']) {
        const res = await lookup(number);
        expect(res.statusCode).toBe(200);
        expect(res.json().matches).toEqual([]);
      }
    });

    it.each([
      ['12345', 'too short'],
      ['call me', 'contains letters'],
      ['+999 1234 5678', 'country code'],
    ])('answers the invalid number %j with a 400 that says why', async (number, reason) => {
      const res = await lookup(number);
      expect(res.statusCode).toBe(400);
      const problem = res.json();
      expect(problem.errors[0].field).toBe('number');
      expect(problem.errors[0].message).toContain(reason);
    });
  });
});
