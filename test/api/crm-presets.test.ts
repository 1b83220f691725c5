import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { uploader } from '../support/uploads.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-uploads-'));

// CRM exports as their vendors write them (test/fixtures/crm-exports/SOURCE.md): recognised by
// their headers, the person kept apart from their company, owner, mobile, job title and address in place.

const fixture = (name: string) => ({ name, bytes: readFileSync(join(import.meta.dirname, '../fixtures/crm-exports', name)) });

interface Point {
  value: string;
}
interface Customer {
  id: number;
  name: string;
  kind: string;
  ownerId: number | null;
  country: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  postcode: string | null;
  website: string | null;
  birthday: string | null;
  level: string | null;
  stage: string;
  phones: Point[];
  emails: Point[];
  tags: string[];
  custom: Record<string, unknown>;
}
interface Contact {
  name: string;
  title: string | null;
  birthday: string | null;
  customerId: number | null;
  phones: Point[];
  emails: Point[];
}

forEachDialect('import: CRM exports', (db) => {
  let api: TestApi;
  const files = uploader(() => api);
  const owners: Record<string, number> = {};
  beforeAll(async () => {
    api = await createTestApi(db());
    for (const [name, email] of [['Mei Chen', 'mei.chen@example.com'], ['Tom Sales', 'tom.sales@example.com']] as const) {
      owners[name] = (await createUser(api.deps, { email, name, role: 'sales' }, null)).id;
    }
  });

  const customerNamed = async (name: string) => {
    const items = (await api.call('GET', `/api/v1/customers?q=${encodeURIComponent(name)}&limit=50`)).json().items as Customer[];
    return items.find((c) => c.name === name);
  };
  const contactsOf = async (customerId: number) =>
    ((await api.call('GET', `/api/v1/contacts?customerId=${customerId}&limit=50`)).json().items as Contact[]).sort((a, b) => a.name.localeCompare(b.name));
  const allContacts = async () => (await api.call('GET', '/api/v1/contacts?limit=200')).json().items as Contact[];

  describe('HubSpot: companies, then the full contacts export (180 columns)', () => {
    it('the companies export lands with owner, phone, domain and postal code', async () => {
      const job = await files.imported(fixture('hubspot_companies.csv'));
      expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'done', type: 'customers', counts: { created: 2, invalid: 0 } });
      const engines = await customerNamed('Analytical Engines Ltd');
      expect(engines).toMatchObject({ kind: 'company', ownerId: owners['Mei Chen'], website: 'analytical-engines.example', address: '12 Babbage Street', city: 'London', province: 'England', postcode: 'EC1A 1BB', country: 'United Kingdom', stage: 'customer' });
      expect(engines?.phones.map((p) => p.value)).toEqual(['+442079460000']);
    });

    it('the dry run recognises the contacts export whatever its width and shows where each column goes', async () => {
      const res = await files.upload('/api/v1/imports', fixture('hubspot_contacts_all_properties.csv'), { dryRun: 'true' });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report.headers).toHaveLength(180);
      expect(report.preset).toBe('hubspot-contacts');
      expect(report.type).toBe('customers');
      expect(report.mapping).toMatchObject({
        'First Name': 'contactFirstName', 'Last Name': 'contactLastName', 'Record ID': 'contactExternalId', 'Mobile Phone Number': 'contactPhones', 'Work email': 'contactEmails',
        'Job Title': 'contactTitle', 'Date of birth': 'contactBirthday', 'Company Name': 'name', 'Associated Company': null, 'Associated Company ID': 'externalId',
        'Contact owner': 'owner', 'Street Address': 'address', 'Postal Code': 'postcode', 'Country/Region': 'country',
      });
      expect(report.contactsCreated).toBe(3);
      expect(report.errors).toContainEqual({ row: 6, column: 'Contact owner', reason: 'no user "Nobody Known"', code: 'import.no_user', params: { value: 'Nobody Known' } });
      expect(await customerNamed('Grace Hopper')).toBeUndefined();
    });

    it('each person is a contact of their company with mobile, e-mail, job title and birthday; a person without a company is a person customer', async () => {
      const job = await files.imported(fixture('hubspot_contacts_all_properties.csv'));
      expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'done', counts: { created: 1, skipped: 3, invalid: 1 }, contactsCreated: 3, rowsWithDroppedValues: 1 });
      const engines = await customerNamed('Analytical Engines Ltd');
      expect(engines?.ownerId).toBe(owners['Mei Chen']);
      const people = await contactsOf(engines?.id as number);
      expect(people.map((c) => [c.name, c.title, c.birthday, c.phones.map((p) => p.value), c.emails.map((e) => e.value)])).toEqual([
        ['Ada Lovelace', 'Chief Analyst', '1815-12-10', ['+442079460018', '+447911123456'], ['ada@analytical-engines.example']],
        ['Charles Babbage', 'Engineer', null, ['+447911123457'], ['charles@analytical-engines.example']],
      ]);
      const xinghe = await customerNamed('上海星河贸易有限公司');
      expect((await contactsOf(xinghe?.id as number)).map((c) => [c.name, c.title, c.phones.map((p) => p.value)])).toEqual([['王芳', '采购总监', ['+862162345678', '+8613912345678']]]);
      // Nobody stored under a company's name, no company stored as a person.
      expect((await allContacts()).map((c) => c.name)).not.toContain('Analytical Engines Ltd');
      const grace = await customerNamed('Grace Hopper');
      expect(grace).toMatchObject({ kind: 'person', ownerId: owners['Tom Sales'], address: '1 Compiler Way', city: 'Arlington', province: 'Virginia', postcode: '22201', country: 'United States', birthday: '1906-12-09', stage: 'lead' });
      expect(grace?.phones.map((p) => p.value)).toEqual(['+16175550134']);
      const errors = job.errors as Array<{ row: number; column: string | null; reason: string }>;
      expect(errors).toContainEqual({ row: 5, column: 'Job Title', reason: expect.stringContaining('a person customer has no job title ("Rear Admiral")'), code: 'import.person_no_title', params: { value: 'Rear Admiral', '@leftOut': 1 } });
      expect(errors).toContainEqual({ row: 6, column: 'Contact owner', reason: 'no user "Nobody Known"', code: 'import.no_user', params: { value: 'Nobody Known' } });
      expect(await customerNamed('Bletchley Codes Ltd')).toBeUndefined();
    });

    it('importing the export again adds nobody', async () => {
      const job = await files.imported(fixture('hubspot_contacts_all_properties.csv'));
      expect(job).toMatchObject({ counts: { created: 0, invalid: 1 }, contactsCreated: 0 });
    });
  });

  describe('Zoho CRM: accounts with billing and shipping addresses, contacts linked by Account Name.id', () => {
    it('accounts land with owner and billing address; shipping columns are offered as custom fields and kept when accepted', async () => {
      const dry = (await files.upload('/api/v1/imports', fixture('zoho_accounts.csv'), { dryRun: 'true' })).json();
      expect(dry.preset).toBe('zoho-accounts');
      expect(dry.leftOut).toEqual(expect.arrayContaining([{ column: 'Shipping Street', key: 'shipping_street' }, { column: 'Shipping Code', key: 'shipping_code' }, { column: 'Account Number', key: 'account_number' }, { column: 'Created Time', key: 'created_time' }]));
      expect(dry.leftOut.map((l: { column: string }) => l.column)).not.toContain('Billing Street');
      // Creating custom fields is an admin's: a rep is told so before anything happens.
      const rep = await api.userToken('sales');
      const refused = await files.upload('/api/v1/imports', fixture('zoho_accounts.csv'), { keepUnknownColumns: 'true' }, rep.token);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toContainEqual(expect.objectContaining({ field: 'keepUnknownColumns', message: expect.stringContaining('only an admin may create custom fields'), code: 'import.admin_creates_fields' }));
      // The check with them kept sees the rows as the import will, and creates no field.
      const keptDry = (await files.upload('/api/v1/imports', fixture('zoho_accounts.csv'), { dryRun: 'true', keepUnknownColumns: 'true' })).json();
      expect(keptDry).toMatchObject({ counts: { created: 2, invalid: 0 }, leftOut: [], mapping: { 'Shipping Street': 'custom:shipping_street' } });
      expect((await api.call('GET', '/api/v1/custom-fields')).json().items).toEqual([]);
      const job = await files.imported(fixture('zoho_accounts.csv'), { keepUnknownColumns: 'true' });
      expect(job).toMatchObject({ status: 'done', counts: { created: 2, invalid: 0 } });
      expect(job.mapping).toMatchObject({ 'Shipping Street': 'custom:shipping_street', 'Billing Street': 'address' });
      expect(Object.values(job.mapping as Record<string, string | null>)).not.toContain(null);
      const yunfan = await customerNamed('深圳前海云帆科技有限公司');
      expect(yunfan).toMatchObject({ kind: 'company', ownerId: owners['Mei Chen'], address: '前海深港合作区梦海大道 5035 号', city: '深圳', province: '广东', postcode: '518000', country: 'China', website: 'www.yunfan-tech.example.cn', tags: ['VIP'] });
      expect(yunfan?.phones.map((p) => p.value)).toEqual(['+8675586661234']);
      expect(yunfan?.custom).toMatchObject({ shipping_street: '宝安区福永街道物流园 3 栋', shipping_city: '深圳', shipping_code: '518103', account_number: 'A-1001' });
      const defs = (await api.call('GET', '/api/v1/custom-fields')).json().items as Array<{ key: string; label: string; type: string }>;
      expect(defs).toContainEqual(expect.objectContaining({ key: 'shipping_street', label: 'Shipping Street', type: 'text' }));
    });

    it('contacts are the people of their account, named by their own name, never the account name', async () => {
      const res = await files.upload('/api/v1/imports', fixture('zoho_contacts.csv'), { dryRun: 'true' });
      expect(res.json()).toMatchObject({ preset: 'zoho-contacts', mapping: { 'Account Name': 'name', 'Account Name.id': 'externalId', 'Full Name': 'contactName', 'Record Id': 'contactExternalId', Mobile: 'contactPhones', Title: 'contactTitle', 'Contact Owner': 'owner' } });
      const job = await files.imported(fixture('zoho_contacts.csv'));
      expect(job).toMatchObject({ status: 'done', counts: { created: 0, skipped: 3, invalid: 0 }, contactsCreated: 3 });
      const northwind = await customerNamed('Northwind Traders GmbH');
      expect((await contactsOf(northwind?.id as number)).map((c) => [c.name, c.title, c.phones.map((p) => p.value)])).toEqual([
        ['Jonas Weber', 'Head of Purchasing', ['+49301234568', '+4915123456789']],
        ['Mia Schulz', 'Buyer', ['+4915198765432']],
      ]);
      const yunfan = await customerNamed('深圳前海云帆科技有限公司');
      expect(await contactsOf(yunfan?.id as number)).toMatchObject([{ name: '刘丽', title: '技术总监', birthday: '1985-08-18' }]);
      expect((await allContacts()).map((c) => c.name)).not.toContain('Northwind Traders GmbH');
    });
  });

  describe('landlines written without their area code', () => {
    it('take the area code column, else the city\'s, on the company and its contact person; with neither the row says why', async () => {
      const csv = '客户名称,联系人,城市,区号,座机,电话\n区号一号有限公司,张区号,深圳市,,8777 4321,6552-1002\n区号二号有限公司,,,010,6552 1001,\n区号三号有限公司,,London,,8666 1235,\n';
      const job = await files.imported({ name: '区号.csv', bytes: Buffer.from(csv, 'utf8') });
      expect(job.mapping).toMatchObject({ 区号: 'areaCode', 座机: 'phones', 电话: 'contactPhones' });
      expect(job).toMatchObject({ counts: { created: 2, invalid: 1 }, contactsCreated: 1 });
      const one = await customerNamed('区号一号有限公司');
      expect(one?.phones.map((p) => p.value)).toEqual(['+8675587774321']);
      expect((await contactsOf(one?.id as number))[0]?.phones.map((p) => p.value)).toEqual(['+8675565521002']);
      expect((await customerNamed('区号二号有限公司'))?.phones.map((p) => p.value)).toEqual(['+861065521001']);
      expect(job.errors).toContainEqual(expect.objectContaining({ row: 4, column: '座机' }));
    });
  });

  describe('纷享销客 (GB18030 exports)', () => {
    it('customers with level, deal status, owner and district; contacts at their customer', async () => {
      const res = await files.upload('/api/v1/imports', fixture('fxiaoke_accounts.csv'), { dryRun: 'true' });
      expect(res.json()).toMatchObject({ preset: 'fxiaoke-accounts', encoding: expect.stringMatching(/gb/i), counts: { created: 2, invalid: 0 } });
      await files.imported(fixture('fxiaoke_accounts.csv'));
      const xixi = await customerNamed('杭州西溪数据服务有限公司');
      expect(xixi).toMatchObject({ ownerId: owners['Mei Chen'], level: 'A', stage: 'customer', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 90 号' });
      expect(await customerNamed('成都锦江餐饮管理有限公司')).toMatchObject({ level: 'B', stage: 'prospect', ownerId: owners['Tom Sales'] });
      const job = await files.imported(fixture('fxiaoke_contacts.csv'));
      expect(job).toMatchObject({ status: 'done', counts: { created: 0, invalid: 0 }, contactsCreated: 2 });
      expect(await contactsOf(xixi?.id as number)).toMatchObject([{ name: '陈晓东', title: 'IT 经理', birthday: '1982-11-03' }]);
      const jinjiang = await customerNamed('成都锦江餐饮管理有限公司');
      expect(await contactsOf(jinjiang?.id as number)).toMatchObject([{ name: '李娜', title: '店长', birthday: '--07-21' }]);
    });
  });
});
