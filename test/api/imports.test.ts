import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { importReason } from '../../src/domain/import-job.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { form } from '../support/uploads.ts';

const uploads = mkdtempSync(join(tmpdir(), 'kehu-uploads-'));
process.env.KEHU_IMPORT_DIR = uploads;

const gbk = (text: string) => iconv.encode(text, 'gbk');
const utf8 = (text: string) => Buffer.from(text, 'utf8');

forEachDialect('imports API', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  async function upload(path: string, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}, token = api.token) {
    const body = form(file, fields);
    return api.app.inject({ method: 'POST', url: path, payload: body.payload, headers: { authorization: `Bearer ${token}`, ...body.headers } });
  }

  /** Uploads a file and waits for its background job to finish. */
  async function imported(file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}, token = api.token) {
    const res = await upload('/api/v1/imports', file, fields, token);
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as number;
    for (let i = 0; i < 500; i++) {
      const job = (await api.call('GET', `/api/v1/imports/${id}`, undefined, {}, token)).json();
      if (job.status !== 'queued' && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`import ${id} did not finish`);
  }

  const customersNamed = async (q: string, token = api.token) =>
    (await api.call('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=200`, undefined, {}, token)).json().items as Array<{ id: number; name: string; ownerId: number | null; phones: Array<{ value: string }>; emails: Array<{ value: string }>; city: string | null; version: number }>;

  describe('a GBK file from Chinese Excel', () => {
    const file = { name: '客户.csv', bytes: gbk('客户名称,手机,邮箱,城市\r\n张伟导入,138 1234 5678,ZHANG.WEI.IMPORT@QQ.COM,北京\r\n北京导入科技有限公司,(010) 6552 9988/13912345670,info@daoru.cn,北京\r\n') };

    it('previews with the encoding detected and the mapping guessed from 客户名称/手机/邮箱', async () => {
      const res = await upload('/api/v1/imports/preview', file);
      expect(res.statusCode, res.body).toBe(200);
      const preview = res.json();
      expect(preview.encoding).toMatch(/gb/i);
      expect(preview.type).toBe('customers');
      expect(preview.mapping).toEqual({ 客户名称: 'name', 手机: 'phones', 邮箱: 'emails', 城市: 'city' });
      expect(preview.firstRows[0]).toEqual(['张伟导入', '138 1234 5678', 'ZHANG.WEI.IMPORT@QQ.COM', '北京']);
      expect(preview.sample.counts).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 0 });
      expect(await customersNamed('张伟导入')).toEqual([]);
    });

    it('imports with normalised phones and emails, splitting a cell with two phones', async () => {
      const job = await imported(file);
      expect(job).toMatchObject({ status: 'done', type: 'customers', counts: { created: 2, updated: 0, skipped: 0, invalid: 0 } });
      expect(job.progress.rows).toBe(2);
      const [zhang] = await customersNamed('张伟导入');
      expect(zhang?.phones.map((p) => p.value)).toEqual(['+8613812345678']);
      expect(zhang?.emails.map((p) => p.value)).toEqual(['zhang.wei.import@qq.com']);
      const [company] = await customersNamed('北京导入科技');
      expect(company?.phones.map((p) => p.value)).toEqual(['+861065529988', '+8613912345670']);
      expect(await customersNamed('zwdr')).toHaveLength(1);
    });

    it('creates no duplicates when the same file is imported again', async () => {
      const job = await imported(file);
      expect(job.counts).toEqual({ created: 0, updated: 0, skipped: 2, invalid: 0 });
      expect(await customersNamed('张伟导入')).toHaveLength(1);
      expect(await customersNamed('北京导入科技')).toHaveLength(1);
    });
  });

  it('a file with bad rows: the good ones land, errors.csv has the rest with reasons, and once fixed it imports them', async () => {
    const text = 'Name,Mobile,Email\nGood Person One,+86 137 0000 0001,one@good.cn\nBad Phone,12345,bad@good.cn\nBad Mail,13700000003,not-a-mail\nGood Person Four,13700000004,four@good.cn\n';
    const job = await imported({ name: 'people.csv', bytes: utf8(text) });
    expect(job.counts).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 2 });
    expect(job.errors).toEqual([
      { row: 3, column: 'Mobile', reason: 'too short: "12345"', code: 'phone.too_short', params: { value: '12345' } },
      { row: 4, column: 'Email', reason: 'missing @: "not-a-mail"', code: 'email.no_at', params: { value: 'not-a-mail' } },
    ]);
    const res = await api.call('GET', `/api/v1/imports/${job.id}/errors.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(lines).toEqual(['Name,Mobile,Email,错误/error', 'Bad Phone,12345,bad@good.cn,"Mobile: too short: ""12345"""', 'Bad Mail,13700000003,not-a-mail,"Email: missing @: ""not-a-mail"""']);

    // In the importer's language: lang=, else the browser's Accept-Language.
    const reasons = async (query: string, headers: Record<string, string> = {}) =>
      (await api.call('GET', `/api/v1/imports/${job.id}/errors.csv${query}`, undefined, headers)).body.replace(/^\ufeff/, '').trim().split(/\r\n/).slice(1);
    const chinese = ['Bad Phone,12345,bad@good.cn,"Mobile：号码太短：""12345"""', 'Bad Mail,13700000003,not-a-mail,"Email：邮箱缺少 @：""not-a-mail"""'];
    expect(await reasons('?lang=zh')).toEqual(chinese);
    expect(await reasons('', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).toEqual(chinese);
    expect(await reasons('?lang=en', { 'accept-language': 'zh-CN' })).toEqual(lines.slice(1));
    expect((await api.call('GET', `/api/v1/imports/${job.id}/errors.csv?lang=fr`)).statusCode).toBe(400);

    const fixed = lines.map((l) => l.replace('12345', '13700000002').replace('not-a-mail', 'mail@good.cn')).join('\r\n');
    const again = await imported({ name: 'people.errors.csv', bytes: utf8(fixed) });
    expect(again.counts).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 0 });
    expect((await customersNamed('good.cn')).map((c) => c.name).sort()).toEqual(['Bad Mail', 'Bad Phone', 'Good Person Four', 'Good Person One']);
  });

  it('a NUL character in a cell rejects that row, on both databases', async () => {
    const job = await imported({ name: 'nul.csv', bytes: utf8('Name,Notes\nNul Row,bad\u0000note\nNul Fine Row,ok\n') });
    expect(job.counts).toEqual({ created: 1, updated: 0, skipped: 0, invalid: 1 });
    expect(job.errors).toEqual([{ row: 2, column: 'Notes', reason: 'contains a NUL character', code: 'cell.nul' }]);
    const binary = await upload('/api/v1/imports', { name: 'nul-header.csv', bytes: utf8('Na\u0000me\nX\n') });
    expect(binary.statusCode).toBe(400);
    expect(binary.json().errors[0].field).toBe('file');
  });

  it('a dry run reports new, duplicate and invalid rows and writes nothing', async () => {
    const text = 'Name,Mobile\nDry Run New,13600000001\nGood Person One,13700000001\nDry Run New Again,13600000001\nDry Bad,1\n';
    const before = (await api.call('GET', '/api/v1/imports')).json().items.length;
    const res = await upload('/api/v1/imports', { name: 'dry.csv', bytes: utf8(text) }, { dryRun: 'true' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rows: 4, counts: { created: 1, updated: 0, skipped: 2, invalid: 1 }, errors: [{ row: 5, column: 'Mobile' }] });
    expect(await customersNamed('Dry')).toEqual([]);
    expect((await api.call('GET', '/api/v1/imports')).json().items).toHaveLength(before);
    expect(readdirSync(uploads).filter((f) => f.endsWith('dry.csv'))).toEqual([]);
  });

  it('updates duplicates when asked (filling empty fields), and revert removes what it created and restores what it changed', async () => {
    const [existing] = await customersNamed('Good Person One');
    expect(existing?.city).toBeNull();
    const text = 'Name,Mobile,City\nGood Person One,13700000001,Hangzhou\nReverted Person,13500000001,Suzhou\n';
    const job = await imported({ name: 'update.csv', bytes: utf8(text) }, { onDuplicate: 'update' });
    expect(job.counts).toEqual({ created: 1, updated: 1, skipped: 0, invalid: 0 });
    expect((await customersNamed('Good Person One'))[0]?.city).toBe('Hangzhou');
    expect(await customersNamed('Reverted Person')).toHaveLength(1);

    const reverted = await api.call('POST', `/api/v1/imports/${job.id}/revert`);
    expect(reverted.statusCode, reverted.body).toBe(200);
    expect(reverted.json().status).toBe('reverted');
    expect(await customersNamed('Reverted Person')).toEqual([]);
    expect((await customersNamed('Good Person One'))[0]?.city).toBeNull();
    expect((await api.call('POST', `/api/v1/imports/${job.id}/revert`)).statusCode).toBe(409);
    const audit = await api.call('GET', '/api/v1/audit?limit=200');
    if (audit.statusCode === 200) expect(JSON.stringify(audit.json())).toContain('import_job');
  });

  it("a rep's import is owned by the rep; the rep cannot update a colleague's customer (nor learn of it) nor give customers away", async () => {
    const rep = await api.userToken('sales');
    const other = await api.userToken('sales');
    const colleague = await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Colleague Customer', phones: [{ value: '13300000009' }], ownerId: other.userId });
    expect(colleague.statusCode).toBe(201);
    const text = `Name,Mobile,Owner\nRep Own Customer,13300000001,\nColleague Customer,13300000009,\nGiven Away,13300000002,admin-nobody@example.com\n`;
    const job = await imported({ name: 'rep.csv', bytes: utf8(text) }, { onDuplicate: 'update' }, rep.token);
    // The colleague's customer is invisible to the rep: the row is the rep's own new customer, and nothing tells of the other.
    expect(job.counts).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 1 });
    expect(job.errors.map((e: { row: number; reason: string }) => [e.row, e.reason])).toEqual([[4, 'no user "admin-nobody@example.com"']]);
    const [own] = await customersNamed('Rep Own Customer', rep.token);
    expect(own?.ownerId).toBe(rep.userId);
    expect((await customersNamed('Colleague Customer', rep.token)).map((c) => c.ownerId)).toEqual([rep.userId]);
    expect((await customersNamed('Colleague Customer', other.token)).map((c) => [c.id, c.ownerId, c.version])).toEqual([[colleague.json().id, other.userId, 1]]);
    expect((await api.call('GET', `/api/v1/imports/${job.id}`, undefined, {}, other.token)).statusCode).toBe(404);
    expect((await api.call('GET', `/api/v1/imports/${job.id}/errors.csv`, undefined, {}, other.token)).statusCode).toBe(404);
  });

  it('revert leaves alone what the importer may no longer change, and writes each removal to the record’s history', async () => {
    const rep = await api.userToken('sales');
    const other = await api.userToken('sales');
    const job = await imported({ name: 'moved.csv', bytes: utf8('Name,Mobile\nStays Put,13200000001\nMoves Away,13200000002\n') }, {}, rep.token);
    expect(job.counts.created).toBe(2);
    const [moved] = await customersNamed('Moves Away');
    const [stays] = await customersNamed('Stays Put');
    expect((await api.call('POST', '/api/v1/customers/transfer', { ids: [moved!.id], ownerId: other.userId })).statusCode).toBe(200);
    const reverted = await api.call('POST', `/api/v1/imports/${job.id}/revert`, undefined, {}, rep.token);
    expect(reverted.statusCode, reverted.body).toBe(200);
    expect((await customersNamed('Moves Away', other.token)).map((c) => c.id)).toEqual([moved!.id]);
    expect(await customersNamed('Stays Put')).toEqual([]);
    const history = (await api.call('GET', `/api/v1/audit?entity=customer&entityId=${stays!.id}`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toContain('delete');
  });

  it('revert gives back a sensitive custom value exactly, not its mask', async () => {
    await api.call('POST', '/api/v1/custom-fields', { entity: 'customer', key: 'passport_no', label: 'Passport', type: 'text', sensitive: true });
    const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Sealed Person', phones: [{ value: '13100000001' }], custom: { passport_no: 'ORIGINAL-1234' } })).json();
    const job = await imported({ name: 'sealed.csv', bytes: utf8('Name,Mobile,custom:passport_no\nSealed Person,13100000001,CHANGED-9999\n') }, { onDuplicate: 'update', updateMode: 'overwrite' });
    expect(job.counts.updated).toBe(1);
    expect((await api.call('GET', `/api/v1/customers/${created.id}/sensitive`)).json().custom.passport_no).toBe('CHANGED-9999');
    expect((await api.call('POST', `/api/v1/imports/${job.id}/revert`)).statusCode).toBe(200);
    expect((await api.call('GET', `/api/v1/customers/${created.id}/sensitive`)).json().custom.passport_no).toBe('ORIGINAL-1234');
  });

  it('refuses an import that would take a rep past the holding limit, writing nothing', async () => {
    const rep = await api.userToken('sales');
    await api.call('PATCH', '/api/v1/settings/pool', { maxCustomersPerRep: 1 });
    const job = await imported({ name: 'limit.csv', bytes: utf8('Name\nLimit One\nLimit Two\n') }, {}, rep.token);
    await api.call('PATCH', '/api/v1/settings/pool', { maxCustomersPerRep: null });
    expect(job.status).toBe('failed');
    expect(JSON.stringify(job)).toMatch(/the limit is 1/);
    expect(await customersNamed('Limit')).toEqual([]);
  });

  it('a contacts file’s company that cannot be created says why in the importer’s language, in the job and the error file', async () => {
    const rep = await api.userToken('sales');
    expect((await api.call('POST', '/api/v1/customers', { kind: 'company', name: '已有客户有限公司' }, {}, rep.token)).statusCode).toBe(201);
    await api.call('PATCH', '/api/v1/settings/pool', { maxCustomersPerRep: 1 });
    const job = await imported({ name: 'company-limit.csv', bytes: utf8('姓名,公司\n王芳,超限新公司有限公司\n') }, { type: 'contacts' }, rep.token);
    await api.call('PATCH', '/api/v1/settings/pool', { maxCustomersPerRep: null });
    expect(job.counts, JSON.stringify(job.errors)).toMatchObject({ created: 0, invalid: 1 });
    const [error] = job.errors;
    expect(error).toMatchObject({ code: 'import.company_not_created', reason: 'the company "超限新公司有限公司" cannot be created: ownerId: you hold 1 customer; the limit is 1' });
    expect(importReason('zh', error)).toBe('无法创建公司“超限新公司有限公司”：负责人：' + formatMessage('zh', 'pool.limit_you', { before: 1, limit: 1 }));
    const file = (await api.call('GET', `/api/v1/imports/${job.id}/errors.csv?lang=zh`, undefined, {}, rep.token)).body;
    expect(file).toContain('无法创建公司“超限新公司有限公司”：负责人：');
    expect(file).not.toContain('cannot be created');
  });

  it('reads its options as kehu import does: external_id is a match key, and every bad option is named at once', async () => {
    const file = { name: 'external.csv', bytes: utf8('ID,Name\nEXT-API-1,External Api One\n') };
    expect((await imported(file, { matchOn: 'external_id' })).counts).toMatchObject({ created: 1 });
    expect((await imported(file, { matchOn: 'external_id, phone' })).counts).toMatchObject({ created: 0, skipped: 1 });
    const bad = await upload('/api/v1/imports', file, { matchOn: 'colour', batchSize: '0', onDuplicate: 'merge' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'onDuplicate', message: 'must be one of skip, update, create', code: 'field.one_of', params: { values: 'skip, update, create' } },
      { field: 'matchOn', message: expect.stringMatching(/^unknown key colour; use email, phone, externalId, name/), code: 'import.unknown_match_key', params: { keys: 'colour', allowed: expect.any(String) } },
      { field: 'batchSize', message: 'must be a whole number from 1 to 100000', code: 'field.whole_range', params: { min: 1, max: 100000 } },
    ]);
  });

  it('refuses a bad form with 400 naming the field, and a viewer with 403', async () => {
    const noFile = await upload('/api/v1/imports', null, { type: 'customers' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors[0].field).toBe('file');
    const badType = await upload('/api/v1/imports', { name: 'x.csv', bytes: utf8('Name\nX\n') }, { type: 'planets' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors[0].field).toBe('type');
    const badMapping = await upload('/api/v1/imports', { name: 'x.csv', bytes: utf8('Name\nX\n') }, { mapping: '{"Name": "colour"}' });
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().errors[0].field).toBe('columns.Name');
    const viewer = await api.userToken('viewer');
    expect((await upload('/api/v1/imports', { name: 'x.csv', bytes: utf8('Name\nX\n') }, {}, viewer.token)).statusCode).toBe(403);
  });

  it('imports contacts linked to their customer by name, and orders with several items', async () => {
    const contacts = await imported({ name: 'contacts.csv', bytes: utf8('姓名,公司,手机,职位\n王联系,Good Person Four,13800000011,经理\n') }, { type: 'contacts' });
    expect(contacts.counts).toEqual({ created: 1, updated: 0, skipped: 0, invalid: 0 });
    const list = (await api.call('GET', '/api/v1/contacts?q=王联系')).json().items;
    expect(list[0]).toMatchObject({ name: '王联系', title: '经理', customerName: 'Good Person Four' });
    // No company column: the e-mail domain finds the customer (info@daoru.cn), free mail does not.
    const byDomain = await imported({ name: 'domain.csv', bytes: utf8('姓名,邮箱\n李域名,LI@DAORU.CN\n赵免费,zhao@qq.com\n') }, { type: 'contacts' });
    expect(byDomain.counts).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 0 });
    expect((await api.call('GET', '/api/v1/contacts?q=李域名')).json().items[0]).toMatchObject({ customerName: '北京导入科技有限公司' });
    expect((await api.call('GET', '/api/v1/contacts?q=赵免费')).json().items[0]).toMatchObject({ customerId: null });

    const orders = await imported(
      { name: 'orders.csv', bytes: utf8('订单号,客户,下单日期,产品,数量,单价\nSO-1,Good Person Four,2026-01-05,Widget,2,¥10.50\nSO-1,Good Person Four,2026-01-05,Gadget,1,3\nSO-2,Nobody Here,2026-01-06,Widget,1,1\n') },
      { type: 'orders' },
    );
    expect(orders.counts).toEqual({ created: 1, updated: 0, skipped: 0, invalid: 1 });
    const order = (await api.call('GET', '/api/v1/orders?limit=200')).json().items.find((o: { orderNo: string }) => o.orderNo === 'SO-1');
    expect(order).toMatchObject({ total: 2400, items: [{ product: 'Widget', quantity: 2, unitPrice: 1050 }, { product: 'Gadget', quantity: 1, unitPrice: 300 }] });
  });
});
