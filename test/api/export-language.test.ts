import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '../../src/core/imports/run-import-job.ts';
import { startImport } from '../../src/core/imports/start-import.ts';
import { writeSetting } from '../../src/core/settings/settings.repository.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { EXPORT_HEADERS_ZH } from '../../src/domain/export-language.ts';
import { guessMapping } from '../../src/domain/import-mapping.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

/** The first sheet of an XLSX file as exceljs reads it. */
async function sheetOf(payload: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number): string[] => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''));

forEachDialect('exports in the exporter’s language', (db) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi(db());
    // the fake clock stands at 2026-01-15T08:00:00Z: 16:00 in Shanghai, 03:00 in New York
    const created = await api.call('POST', '/api/v1/customers', {
      kind: 'company', name: '北京云帆教育科技有限公司', stage: 'lead', level: 'A', source: 'Website', industry: 'Education', country: 'CN', city: '北京',
      phones: [{ value: '138 1234 5678', label: 'mobile' }],
      address: '朝阳区建国路 1 号国贸大厦 A 座 1201 室（请从东门进，前台登记）',
    });
    expect(created.statusCode, created.body).toBe(201);
  });

  const download = async (query: string, headers: Record<string, string> = {}) => {
    const res = await api.call('GET', `/api/v1/exports/customers?${query}`, undefined, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it('XLSX for a Chinese reader: Chinese headers, translated values, local times, sized columns, the header row frozen', async () => {
    const sheet = await sheetOf((await download('format=xlsx&lang=zh&timeZone=Asia/Shanghai')).rawPayload);
    const headers = rowValues(sheet, 1);
    expect(headers.slice(0, 10)).toEqual(['名称', '外部编号', '客户类型', '电话', '邮箱', '阶段', '级别', '来源', '行业', '负责人']);
    const row = Object.fromEntries(headers.map((h, i) => [h, rowValues(sheet, 2)[i]]));
    expect(row).toMatchObject({ 名称: '北京云帆教育科技有限公司', 客户类型: '企业', 阶段: '线索', 级别: 'A 类', 来源: '官网', 行业: '教育', 国家: '中国', 电话: '138 1234 5678' });
    expect(row['创建时间']).toBe('2026-01-15 16:00:00');
    expect(row['更新时间']).toBe('2026-01-15 16:00:00');

    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // the sheet's tab is named in the reader's language too (it said "customers")
    expect(sheet.name).toBe('客户');
    const width = (header: string) => sheet.getColumn(headers.indexOf(header) + 1).width ?? 0;
    // 12 Chinese characters show 24 columns wide; the address is wider still, but capped
    expect(width('名称')).toBeGreaterThanOrEqual(24);
    expect(width('地址')).toBe(60);
    expect(width('级别')).toBeGreaterThanOrEqual(8);
    expect(width('级别')).toBeLessThan(12);
  });

  it('an English reader’s CSV in their zone, and the language taken from Accept-Language', async () => {
    const csv = (await download('lang=en&timeZone=America/New_York')).body;
    const [header, line] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toContain('Name,External id,Kind,Phones');
    expect(line).toContain(',Company,');
    expect(line).toContain(',Lead,');
    expect(line).toContain(',China,');
    expect(line).toContain('2026-01-15 03:00:00');
    expect(line).toContain(',138 1234 5678,');

    const browser = (await download('', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).body;
    expect(browser.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^名称,外部编号,客户类型/);
  });

  it('without a language, the machine form: English headers, stored codes, UTC', async () => {
    const csv = (await download('')).body;
    const line = csv.replace(/^\ufeff/, '').split('\r\n')[1] as string;
    expect(line).toContain(',company,');
    expect(line).toContain(',lead,');
    expect(line).toContain(',CN,');
    expect(line).toContain('2026-01-15T08:00:00.000Z');
    expect(line).toContain(',+8613812345678,');
  });

  it('for people, owners by name and phones in the workspace’s format; two users of one name by e-mail, and such a name in a file is a row error', async () => {
    const admin = await api.deps.db.selectFrom('users').select(['id', 'name']).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const twins = [];
    for (const email of ['li.na.1@example.com', 'li.na.2@example.com']) twins.push(await createUser(api.deps, { email, name: '李娜', role: 'sales' }, null));
    for (const [name, ownerId, phone] of [['Acme Inc', twins[0]?.id, '+1 415 555 0123'], ['上海某某贸易', twins[1]?.id, '021 6234 5678']] as const) {
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name, stage: 'lead', ownerId, phones: [{ value: phone }] });
      expect(res.statusCode, res.body).toBe(201);
    }
    const sheet = await sheetOf((await download('format=xlsx&lang=zh')).rawPayload);
    const headers = rowValues(sheet, 1);
    const rows = [2, 3, 4].map((n) => Object.fromEntries(headers.map((h, i) => [h, rowValues(sheet, n)[i]])));
    const byName = (name: string) => rows.find((r) => r['名称'] === name);
    expect(byName('北京云帆教育科技有限公司')).toMatchObject({ 负责人: admin.name, 电话: '138 1234 5678' });
    expect(byName('Acme Inc')).toMatchObject({ 负责人: 'li.na.1@example.com', 电话: '+1 415 555 0123' });
    expect(byName('上海某某贸易')).toMatchObject({ 负责人: 'li.na.2@example.com', 电话: '021 6234 5678' });

    const path = join(mkdtempSync(join(tmpdir(), 'kehu-owner-')), 'owners.csv');
    writeFileSync(path, `名称,负责人,电话\n重名客户,李娜,139 1234 5678\n`);
    const ctx = { ...api.deps, actor: { userId: Number(admin.id), role: 'admin' as const, teamId: null, canWrite: true } };
    const job = await runImportJob(api.deps, (await startImport(ctx, { filePath: path, type: 'customers' })).id);
    expect(job.counts).toMatchObject({ created: 0, invalid: 1 });
    expect(job.errors).toEqual([expect.objectContaining({ row: 2, code: 'import.user_ambiguous', params: { value: '李娜' } })]);
  });

  it('without a time zone, the workspace’s: its analytics offset (UTC+8 unless set), else KEHU_TIME_ZONE when the server has one', async () => {
    const created = (csv: string) => (csv.replace(/^\ufeff/, '').split('\r\n').find((l) => l.startsWith('北京云帆')) ?? '').match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/)?.[0];
    // 08:00Z is 16:00 in China, whatever zone the server's machine keeps
    expect(created((await download('lang=zh')).body)).toBe('2026-01-15 16:00:00');
    await writeSetting(api.deps, 'analytics', { utcOffset: -300 }, null, api.deps.clock.now().toISOString());
    try {
      expect(created((await download('lang=zh')).body)).toBe('2026-01-15 03:00:00');
      await writeSetting(api.deps, 'analytics', { utcOffset: 330 }, null, api.deps.clock.now().toISOString());
      expect(created((await download('lang=zh')).body)).toBe('2026-01-15 13:30:00');
      api.deps.settings.timeZone = 'Europe/Berlin';
      expect(created((await download('lang=zh')).body)).toBe('2026-01-15 09:00:00');
      expect(created((await download('lang=zh&timeZone=Asia/Tokyo')).body)).toBe('2026-01-15 17:00:00');
    } finally {
      delete api.deps.settings.timeZone;
      await api.deps.db.deleteFrom('settings').where('key', '=', 'analytics').execute();
    }
  });

  it('refuses a time zone it does not know, naming it', async () => {
    const res = await api.call('GET', '/api/v1/exports/customers?lang=zh&timeZone=Mars/Olympus');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'timeZone', code: 'field.time_zone', params: { value: 'Mars/Olympus' } })]);
  });
});

describe('Chinese export headers', () => {
  it('are what the importer recognises, so a Chinese export imports back', () => {
    const own = new Set(['Kehu id', 'Customer kehu id', 'Created at', 'Updated at', 'ID number (masked)', 'Bank account (masked)']);
    const customers = ['Name', 'External id', 'Kind', 'Phones', 'Emails', 'Stage', 'Level', 'Source', 'Industry', 'Owner email', 'Owner', 'Country', 'Province', 'City', 'District', 'Address', 'Postcode', 'Website', 'Birthday', 'Notes', 'Tags'];
    const zh = [...new Set(customers.map((h) => EXPORT_HEADERS_ZH[h] as string))];
    const { columns } = guessMapping('customers', zh);
    for (const header of zh) expect(columns[header], header).toBeTruthy();
    expect(Object.keys(EXPORT_HEADERS_ZH).filter((h) => !own.has(h) && !customers.includes(h))).toEqual(['Customer', 'Title', 'Gender']);
    const contacts = guessMapping('contacts', ['名称', '客户', '职位', '性别']).columns;
    expect(contacts).toEqual({ 名称: 'name', 客户: 'customer', 职位: 'title', 性别: 'gender' });
  });
});
