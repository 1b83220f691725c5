import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { REPORT_WORDS_ZH } from '../../src/domain/report-export.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { csvDownload } from '../support/downloads.ts';

// The dashboard, pipeline and birthday reports as files: an admin and two reps, orders in CNY and USD.

type Who = 'admin' | 'a' | 'b';

forEachDialect('reports as files', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, number>;

  const call = (who: Who, url: string, headers: Record<string, string> = {}) => api.call('GET', url, undefined, headers, tokens[who]);
  const csv = async (who: Who, url: string, headers: Record<string, string> = {}) => csvDownload(await call(who, url, headers));

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    tokens.admin = api.token;
    for (const who of ['a', 'b'] as const) {
      const user = await api.userToken('sales');
      tokens[who] = user.token;
      users[who] = user.userId;
    }
    const buyer = async (name: string, owner: Who, currency: string, unitPrice: number) => {
      const id = (await api.call('POST', '/api/v1/customers', { kind: 'company', name, ownerId: users[owner], stage: 'customer' })).json().id;
      const res = await api.call('POST', '/api/v1/orders', { customerId: id, orderedAt: '2026-01-10T08:00:00Z', currency, items: [{ product: 'Tea', quantity: 1, unitPrice }] });
      expect(res.statusCode, res.body).toBe(201);
      return id as number;
    };
    await buyer('甲方 Alpha', 'a', 'CNY', 12_345);
    await buyer('Beta Ltd', 'b', 'USD', 50_000);
    const contact = await api.call('POST', '/api/v1/contacts', { name: '李雷', birthday: '1990-01-17' });
    expect(contact.statusCode, contact.body).toBe(201);
  });

  describe('the dashboard', () => {
    it('as CSV in English: every part of the answer a row, amounts in major units beside their currency, top customers per currency', async () => {
      const json = (await call('admin', '/api/v1/reports/dashboard')).json();
      const { header, rows } = await csv('admin', '/api/v1/reports/dashboard?format=csv&lang=en');
      expect(header).toEqual(['Part', 'Month', 'Stage', 'Customer', 'Kehu id', 'Currency', 'Customers', 'Orders', 'Open deals', 'Amount']);
      const part = (name: string) => rows.filter((r) => r[0] === name);
      expect(part('Funnel').map((r) => [r[2], r[6]])).toContainEqual(['Customer', '2']);
      expect(part('New customers')).toHaveLength(json.newCustomers.length);
      expect(part('Revenue').filter((r) => r[1] === '2026-01').map((r) => [r[5], r[7], r[9]])).toEqual([
        ['CNY', '1', '123.45'],
        ['USD', '1', '500'],
      ]);
      expect(part('Top customers').map((r) => [r[3], r[5], r[9]])).toEqual([
        ['甲方 Alpha', 'CNY', '123.45'],
        ['Beta Ltd', 'USD', '500'],
      ]);
      expect(part('Pipeline')).toHaveLength(json.pipeline.length);
    });

    it('in Chinese from the browser’s language, and a rep’s file holds only their own customers', async () => {
      const { header, rows } = await csv('a', '/api/v1/reports/dashboard?format=csv', { 'accept-language': 'zh-CN,zh;q=0.9' });
      expect(header[0]).toBe('部分');
      expect(rows.filter((r) => r[0] === '重点客户').map((r) => r[3])).toEqual(['甲方 Alpha']);
      expect(rows.some((r) => r.includes('Beta Ltd'))).toBe(false);
      expect(rows.filter((r) => r[0] === '销售额' && r[1] === '2026-01').map((r) => r[5])).toEqual(['CNY']);
    });

    it('as XLSX with the same rows', async () => {
      const res = await call('admin', '/api/v1/reports/dashboard?format=xlsx&lang=en');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.name).toBe('Dashboard');
      const values = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(values[0]).toBe('Part');
      const top: unknown[][] = [];
      sheet.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1);
        if (cells[0] === 'Top customers') top.push([cells[3], cells[9]]);
      });
      expect(top).toEqual([
        ['甲方 Alpha', 123.45],
        ['Beta Ltd', 500],
      ]);
    });

    it('a bad format is refused with nothing written', async () => {
      const res = await call('admin', '/api/v1/reports/dashboard?format=pdf');
      expect(res.statusCode).toBe(400);
    });
  });

  it('pipeline and birthdays as CSV, each header in Chinese too', async () => {
    const pipeline = await csv('admin', '/api/v1/reports/pipeline?closed=true&format=csv&lang=zh');
    expect(pipeline.header).toEqual(['阶段', '赢单概率（%）', '商机数', '币种', '金额']);
    expect(pipeline.rows.length).toBeGreaterThan(0);
    const birthdays = await csv('admin', '/api/v1/reports/birthdays?utcOffset=480&format=csv&lang=en');
    expect(birthdays.header).toEqual(['Contact', 'Customer', 'Kehu id', 'Birthday', 'Next birthday', 'In days']);
    expect(birthdays.rows.map((r) => [r[0], r[3], r[4], r[5]])).toEqual([['李雷', '1990-01-17', '2026-01-17', '2']]);
    for (const english of Object.keys(REPORT_WORDS_ZH)) expect(REPORT_WORDS_ZH[english], english).toMatch(/[\u4e00-\u9fff]/);
  });
});
