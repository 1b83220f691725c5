import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { uploader } from '../support/uploads.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-uploads-'));

// Customers carry what files carry: a birthday whose year may be unknown, a postcode and a
// structured address (country, province, city, district, street), and the ID number on import.

forEachDialect('customer fields from files', (db) => {
  let api: TestApi;
  const files = uploader(() => api);
  beforeAll(async () => {
    // the fake clock starts on 2026-01-15
    api = await createTestApi(db());
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await api.call('POST', '/api/v1/customers', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('stores and answers birthday, postcode and the structured address; a patch changes one and keeps the rest', async () => {
    const made = await create({ kind: 'person', name: '李娜地址', birthday: '1985-04-15', country: '中国', province: '广东', city: '深圳', district: '南山区', address: '科技园路 1 号', postcode: '518057' });
    expect(made).toMatchObject({ birthday: '1985-04-15', country: '中国', province: '广东', city: '深圳', district: '南山区', address: '科技园路 1 号', postcode: '518057' });
    const patched = await api.call('PATCH', `/api/v1/customers/${made.id}`, { birthday: '--04-15', district: null });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ birthday: '--04-15', district: null, postcode: '518057', city: '深圳' });
    expect((await api.call('GET', `/api/v1/customers/${made.id}`)).json()).toMatchObject({ birthday: '--04-15', district: null });
  });

  it('accepts a birthday without its year, 29 February included', async () => {
    expect((await create({ kind: 'person', name: 'Leap Day', birthday: '--02-29' })).birthday).toBe('--02-29');
  });

  it.each([
    ['a day that does not exist', '--02-30'],
    ['a thirteenth month', '--13-01'],
    ['a date in the future', '2026-01-16'],
    ['an impossible date', '1990-02-30'],
    ['another format', '15/04/1985'],
  ])('rejects %s as a birthday with a 400 naming the field, writing nothing', async (_what, birthday) => {
    const res = await api.call('POST', '/api/v1/customers', { kind: 'person', name: `Bad birthday ${birthday}`, birthday });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['birthday']);
    const found = await api.call('GET', `/api/v1/customers?q=${encodeURIComponent('Bad birthday')}`);
    expect(found.json().items).toEqual([]);
  });

  it('gives a contact a birthday without its year, and reminds of it in the coming week', async () => {
    const res = await api.call('POST', '/api/v1/contacts', { name: '王芳生日', birthday: '--01-17' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().birthday).toBe('--01-17');
    const bad = await api.call('POST', '/api/v1/contacts', { name: 'Bad', birthday: '--02-30' });
    expect(bad.statusCode).toBe(400);
    const birthdays = (await api.call('GET', '/api/v1/reports/birthdays')).json();
    expect(birthdays.items).toContainEqual(expect.objectContaining({ name: '王芳生日', birthday: '--01-17', next: { date: '2026-01-17', inDays: 2 } }));
  });

  it('keeps the merged customer’s address fields and birthday where the survivor has none', async () => {
    const survivor = await create({ kind: 'person', name: '合并甲', phones: [{ value: '13800000001' }] });
    const merged = await create({ kind: 'person', name: '合并甲', district: '海淀区', postcode: '100080', birthday: '1970-01-02' });
    const res = await api.call('POST', '/api/v1/merges', { entity: 'customers', survivorId: survivor.id, mergedId: merged.id });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api.call('GET', `/api/v1/customers/${survivor.id}`)).json()).toMatchObject({ district: '海淀区', postcode: '100080', birthday: '1970-01-02' });
  });

  describe('a Chinese sheet with 邮编, 区, 身份证号 and 生日', () => {
    const sheet = [
      '客户名称,手机,省份,城市,区县,详细地址,邮编,生日,身份证号',
      '赵敏导入,13811112222,浙江,杭州,西湖区,文三路 90 号,310012,4月15日,11010519491231002X',
      '钱多多导入,13811113333,,,,,,1988/2/3,',
      '孙坏号导入,13811114444,,,,,,,110105194912310021',
    ].join('\r\n');
    const file = { name: '客户资料.csv', bytes: iconv.encode(sheet, 'gbk') };

    it('guesses every column', async () => {
      const preview = (await files.upload('/api/v1/imports/preview', file)).json();
      expect(preview.mapping).toEqual({ 客户名称: 'name', 手机: 'phones', 省份: 'province', 城市: 'city', 区县: 'district', 详细地址: 'address', 邮编: 'postcode', 生日: 'birthday', 身份证号: 'idNumber' });
    });

    it('imports them: a day without its year is a birthday without a year, the ID number encrypted and masked, a bad one rejected by its column', async () => {
      const job = await files.imported(file);
      expect(job.counts).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 1 });
      const [zhao] = (await api.call('GET', `/api/v1/customers?q=${encodeURIComponent('赵敏导入')}`)).json().items;
      expect(zhao).toMatchObject({ kind: 'person', province: '浙江', city: '杭州', district: '西湖区', address: '文三路 90 号', postcode: '310012', birthday: '--04-15', idNumber: '1101**********002X' });
      expect((await api.call('GET', `/api/v1/customers/${zhao.id}/sensitive`)).json().idNumber).toBe('11010519491231002X');
      const stored = await api.deps.db.selectFrom('customers').select(['id_number_enc', 'id_number_bidx']).where('id', '=', zhao.id).executeTakeFirstOrThrow();
      expect(stored.id_number_enc).not.toContain('11010519491231002X');
      expect(stored.id_number_bidx).toBeTruthy();
      expect((await api.call('GET', '/api/v1/customers?idNumber=11010519491231002X')).json().items.map((c: { id: number }) => c.id)).toEqual([zhao.id]);
      const [qian] = (await api.call('GET', `/api/v1/customers?q=${encodeURIComponent('钱多多导入')}`)).json().items;
      expect(qian.birthday).toBe('1988-02-03');
      expect(job.errors).toEqual([expect.objectContaining({ row: 4, column: '身份证号', reason: expect.stringMatching(/check digit/) })]);
    });

    it('exports the new fields and a re-import finds every customer again', async () => {
      const csv = (await api.call('GET', `/api/v1/exports/customers?q=${encodeURIComponent('赵敏导入')}`)).body;
      expect(csv).toContain('District');
      expect(csv).toContain('西湖区,文三路 90 号,310012');
      expect(csv).toContain('--04-15');
      const again = await files.imported(file);
      expect(again.counts).toMatchObject({ created: 0, invalid: 1 });
    });
  });
});
