import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { bulkInsertCustomers } from '../../src/core/customers/bulk-insert-customers.ts';
import { openTable, type TableFormat } from '../../src/core/files/open-table.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const dir = mkdtempSync(join(tmpdir(), 'kehu-export-'));
let fileNo = 0;

/** Reads an exported file back with kehu's own readers, as objects keyed by header. */
async function readBack(payload: Buffer, format: TableFormat): Promise<Array<Record<string, string>>> {
  const path = join(dir, `export-${fileNo++}.${format === 'vcard' ? 'vcf' : format}`);
  writeFileSync(path, payload);
  const { meta, rows } = await openTable({ path });
  const out: Array<Record<string, string>> = [];
  for await (const row of rows) out.push(Object.fromEntries(meta.headers.map((h, i) => [h, row.values[i] ?? ''])));
  return out;
}

forEachDialect('exports API', (db) => {
  let api: TestApi;
  let rep: { token: string; userId: number };
  let repEmail: string;
  let other: { token: string; userId: number };

  const get = (url: string, token?: string) => api.call('GET', url, undefined, {}, token);
  const post = async (url: string, body: unknown, token?: string) => {
    const res = await api.call('POST', url, body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    repEmail = `rep-${db().name}-${Date.now()}@example.com`;
    rep = await api.userToken('sales', repEmail);
    other = await api.userToken('sales');
    await post('/api/v1/custom-fields', { entity: 'customer', key: 'vip_level', label: 'VIP 等级', type: 'text' });
    await post('/api/v1/custom-fields', { entity: 'customer', key: 'passport', label: '护照', type: 'text', sensitive: true });
    const mine = await post('/api/v1/customers', {
      kind: 'company', name: '北京某某科技有限公司', stage: 'customer', phones: [{ value: '+86 138 1234 5678', label: '手机' }, { value: '010 6512 3456' }],
      emails: [{ value: 'Zhang.Wei@Example.CN' }], city: '北京', province: '北京', address: '朝阳区建国路 1 号', tags: ['重要', 'vip'],
      notes: '第一行\n第二行, "引号"', idNumber: '110101199003078515', custom: { vip_level: '金卡', passport: 'E12345678' },
    }, rep.token);
    await post('/api/v1/contacts', { name: '张伟', customerId: mine.id, title: '总经理', birthday: '1985-04-15', phones: [{ value: '13912345678' }], emails: [{ value: 'zw@example.cn' }] }, rep.token);
    await post('/api/v1/customers', { kind: 'person', name: '=HYPERLINK("http://evil","点我")', stage: 'lead' }, rep.token);
    await post('/api/v1/customers', { kind: 'person', name: 'Someone Else', phones: [{ value: '13800000077' }] }, other.token);
    const theirs = await post('/api/v1/customers', { kind: 'company', name: 'Other Co' }, other.token);
    await post('/api/v1/contacts', { name: 'Other Person', customerId: theirs.id }, other.token);
    const admin = (await api.deps.db.selectFrom('users').select(['id']).where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
    const ctx: Ctx = { ...api.deps, actor: { userId: admin, role: 'admin', teamId: null, canWrite: true } };
    const bulk = Array.from({ length: 1_100 }, (_, i) => ({ kind: 'person' as const, name: `批量客户 ${i}`, stage: 'prospect' as const, phones: [{ value: `1370000${String(i).padStart(4, '0')}` }] }));
    expect((await bulkInsertCustomers(ctx, bulk)).inserted).toBe(1_100);
  });

  it('a rep exports exactly their own customers as a CSV with a BOM that Excel opens, Chinese intact', async () => {
    const res = await get('/api/v1/exports/customers?format=csv', rep.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kehu-customers-20260115.csv"');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body).toContain('\r\n');
    // The file guards the would-be formula with a '; kehu's reader (like a spreadsheet) reads the value back.
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
    const rows = await readBack(res.rawPayload, 'csv');
    expect(rows.map((r) => r.Name).sort()).toEqual(['=HYPERLINK("http://evil","点我")', '北京某某科技有限公司']);
    const company = rows.find((r) => r.Name === '北京某某科技有限公司')!;
    expect(company).toMatchObject({
      'Kind': 'company', 'Phones': '+8613812345678; +861065123456', 'Emails': 'zhang.wei@example.cn', 'City': '北京', 'Address': '朝阳区建国路 1 号',
      'Tags': expect.stringMatching(/^(重要; vip|vip; 重要)$/), 'Notes': '第一行\n第二行, "引号"', 'Owner email': repEmail, 'custom:vip_level': '金卡',
    });
    expect(company['ID number (masked)']).not.toContain('199003078');
    expect(company['ID number (masked)']).not.toBe('');
    expect(company['custom:passport (masked)']).not.toBe('E12345678');
    expect(Object.keys(company)).not.toContain('custom:passport');
  });

  it('applies the list filters and streams every page', async () => {
    const leads = await readBack((await get('/api/v1/exports/customers?stage=lead', rep.token)).rawPayload, 'csv');
    expect(leads.map((r) => r.Kind)).toEqual(['person']);
    const all = await readBack((await get('/api/v1/exports/customers?stage=prospect')).rawPayload, 'csv');
    expect(all).toHaveLength(1_100);
    expect(new Set(all.map((r) => r['Kehu id'])).size).toBe(1_100);
    const found = await readBack((await get(`/api/v1/exports/customers?q=${encodeURIComponent('批量客户 1099')}`)).rawPayload, 'csv');
    expect(found.map((r) => r.Name)).toEqual(['批量客户 1099']);
  });

  it('writes XLSX with the same rows, phone numbers as text', async () => {
    const res = await get('/api/v1/exports/customers?format=xlsx', rep.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="kehu-customers-20260115.xlsx"');
    const rows = await readBack(res.rawPayload, 'xlsx');
    expect(rows.map((r) => r.Name).sort()).toEqual(['=HYPERLINK("http://evil","点我")', '北京某某科技有限公司']);
    expect(rows.find((r) => r.Name === '北京某某科技有限公司')?.Phones).toBe('+8613812345678; +861065123456');
  });

  it('writes vCard 4.0 that re-parses to the same people', async () => {
    const res = await get('/api/v1/exports/customers?format=vcard', rep.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
    expect(res.body.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    const cards = await readBack(res.rawPayload, 'vcard');
    const company = cards.find((c) => c.Name === '北京某某科技有限公司');
    // the label 手机 goes out as TYPE=cell with the label itself beside it (X-ABLabel), as an iPhone writes one
    expect(company).toMatchObject({ 'Company': '北京某某科技有限公司', 'Phones': '手机: +8613812345678; +861065123456', 'Emails': 'zhang.wei@example.cn', 'City': '北京', 'Note': '第一行\n第二行, "引号"' });
    expect(res.body).toContain('\r\nitem1.TEL;TYPE=cell:+8613812345678\r\nitem1.X-ABLabel:手机\r\n');
    expect(cards).toHaveLength(2);
  });

  it('exports contacts with their customer, scoped the same way', async () => {
    const mine = await readBack((await get('/api/v1/exports/contacts', rep.token)).rawPayload, 'csv');
    expect(mine).toEqual([expect.objectContaining({ Name: '张伟', Customer: '北京某某科技有限公司', Title: '总经理', Birthday: '1985-04-15', Phones: '+8613912345678' })]);
    const cards = await readBack((await get('/api/v1/exports/contacts?format=vcard', rep.token)).rawPayload, 'vcard');
    expect(cards).toEqual([expect.objectContaining({ Name: '张伟', Company: '北京某某科技有限公司', Title: '总经理', Birthday: '1985-04-15', Phones: '+8613912345678', Emails: 'zw@example.cn' })]);
    const all = await readBack((await get('/api/v1/exports/contacts?format=xlsx')).rawPayload, 'xlsx');
    expect(all.map((c) => c.Name).sort()).toEqual(['Other Person', '张伟']);
  });

  it('records one export entry with the filters and the row count', async () => {
    await get('/api/v1/exports/customers?stage=lead&format=csv', rep.token);
    const entry = await api.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: rep.userId, entity: 'customer', entity_id: null });
    const changes = api.deps.dialect.parseJson<Record<string, [unknown, unknown]>>(entry.changes);
    expect(changes).toEqual({ format: [null, 'csv'], filters: [null, { stage: 'lead' }], rows: [null, 1], complete: [null, true] });
  });

  it('refuses bad filters and formats with a 400 naming the field', async () => {
    for (const [url, field] of [['/api/v1/exports/customers?format=pdf', 'format'], ['/api/v1/exports/customers?stage=nope', 'stage'], ['/api/v1/exports/contacts?limit=5', 'limit']] as const) {
      const res = await get(url, rep.token);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors)).toContain(field);
    }
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/exports/customers' })).statusCode).toBe(401);
  });
});

describe('export filename', () => {
  it('is dated on the day of the file: UTC for machines, the reader’s zone for people', async () => {
    const { exportFilename } = await import('../../src/domain/export.ts');
    const { exportWording } = await import('../../src/domain/export-language.ts');
    // 00:30 in Beijing on 23 November is still 22 November in UTC
    const now = new Date('2026-11-22T16:30:00Z');
    expect(exportFilename('contacts', 'vcard', exportWording(null, 'Asia/Shanghai', 'CN').day(now))).toBe('kehu-contacts-20261122.vcf');
    expect(exportFilename('customers', 'xlsx', exportWording('zh', 'Asia/Shanghai', 'CN').day(now))).toBe('kehu-customers-20261123.xlsx');
    expect(exportFilename('customers', 'csv', exportWording('en', 'America/New_York', 'US').day(now))).toBe('kehu-customers-20261122.csv');
  });
});
