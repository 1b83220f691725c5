import { describe, expect, it } from 'vitest';
import { checkMapping, convertRow, guessMapping, parseDate, parseMoney, parseTimestamp, splitCell } from './import-mapping.ts';

describe('guessMapping', () => {
  it('reads Chinese headers, with 客户名称 winning the name over 公司, and 联系人 the contact person with their phones and e-mail', () => {
    const headers = ['联系人', '公司', '客户名称', '手机', '电话', '邮箱', '地址', '省', '市', '备注', '负责人', '来源', '行业', '标签', '杂项'];
    expect(guessMapping('customers', headers).columns).toEqual({
      联系人: 'contactName', 公司: null, 客户名称: 'name', 手机: 'contactPhones', 电话: 'contactPhones', 邮箱: 'contactEmails', 地址: 'address', 省: 'province', 市: 'city',
      备注: 'notes', 负责人: 'owner', 来源: 'source', 行业: 'industry', 标签: 'tags', 杂项: null,
    });
  });

  it('keeps company-level columns (座机, 公司电话, 公司邮箱, 网址) on the company of a sheet with a contact person', () => {
    const headers = ['客户名称', '联系人', '职位', '手机', '邮箱', '城市', '座机', '公司电话', '公司邮箱', '地址', '网址'];
    expect(guessMapping('customers', headers).columns).toEqual({
      客户名称: 'name', 联系人: 'contactName', 职位: 'contactTitle', 手机: 'contactPhones', 邮箱: 'contactEmails', 城市: 'city',
      座机: 'phones', 公司电话: 'phones', 公司邮箱: 'emails', 地址: 'address', 网址: 'website',
    });
    // Without a customer name column, 联系人 is the customer's own name and the phones are theirs.
    expect(guessMapping('customers', ['联系人', '手机', '职位']).columns).toEqual({ 联系人: 'name', 手机: 'phones', 职位: null });
  });

  it('reads English headers, kehu export headers and custom:<key>', () => {
    const { columns } = guessMapping('contacts', ['Full Name', 'Company', 'Mobile Phone', 'E-mail', 'Job Title', 'Birthday', 'custom:vip_level', 'Owner email']);
    expect(columns).toEqual({ 'Full Name': 'name', Company: 'customer', 'Mobile Phone': 'phones', 'E-mail': 'emails', 'Job Title': 'title', Birthday: 'birthday', 'custom:vip_level': 'custom:vip_level', 'Owner email': null });
  });

  it('recognises a Salesforce Data Loader account export', () => {
    const guess = guessMapping('customers', ['ID', 'ISDELETED', 'NAME', 'BILLINGCITY', 'PHONE', 'WEBSITE', 'INDUSTRY', 'OWNERID']);
    expect(guess.preset).toBe('salesforce-accounts');
    expect(guess.columns).toMatchObject({ ID: 'externalId', NAME: 'name', BILLINGCITY: 'city', PHONE: 'phones', OWNERID: null });
  });

  it('recognises a CRM export by its headers, however many other columns it has', () => {
    const extra = Array.from({ length: 170 }, (_, i) => `Analytics property ${i}`);
    const guess = guessMapping('customers', ['Record ID', 'First Name', 'Last Name', 'Email', 'Mobile Phone Number', 'Contact owner', ...extra]);
    expect(guess.preset).toBe('hubspot-contacts');
    expect(guess.columns).toMatchObject({ 'First Name': 'contactFirstName', 'Mobile Phone Number': 'contactPhones', 'Contact owner': 'owner' });
    expect(guessMapping('customers', ['Record Id', 'Full Name', 'Account Name', 'Account Name.id', 'Contact Owner', ...extra]).preset).toBe('zoho-contacts');
    // Chosen as a contacts file without a preset, a Zoho export's Account Name is the company, not the person.
    expect(guessMapping('contacts', ['Full Name', 'Account Name', 'Account Name.id']).columns).toEqual({ 'Full Name': 'name', 'Account Name': 'customer', 'Account Name.id': 'customerExternalId' });
  });

  it('joins a contact person\'s given and family name, Chinese ones without a space', () => {
    const columns = { Company: 'name', First: 'contactFirstName', Last: 'contactLastName' };
    expect(convertRow('customers', columns, ['Company', 'First', 'Last'], ['星河有限公司', '芳', '王']).values).toMatchObject({ name: '星河有限公司', contactName: '王芳', kind: 'company' });
    expect(convertRow('customers', columns, ['Company', 'First', 'Last'], ['Acme Ltd', 'Ada', 'Lovelace']).values.contactName).toBe('Ada Lovelace');
  });

  it('says what a mapping lacks or gets wrong, by column', () => {
    expect(checkMapping('customers', { Phone: 'phones', Foo: 'colour' }, ['Phone', 'Foo'])).toEqual([
      { field: 'columns.Foo', message: expect.stringContaining('"colour" is not a field of customers'), code: 'import.not_a_field', params: expect.objectContaining({ field: 'colour', type: 'customers' }) },
      { field: 'columns', message: 'a column must map to name', code: 'import.needs_name' },
    ]);
  });
});

describe('cells', () => {
  it('splits cells holding several phones, emails or tags', () => {
    expect(splitCell('phones', '138 1234 5678/139 8765 4321')).toEqual(['138 1234 5678', '139 8765 4321']);
    expect(splitCell('phones', '(010) 6552 9988; +86-139-1234-5678')).toEqual(['(010) 6552 9988', '+86-139-1234-5678']);
    expect(splitCell('emails', 'a@x.cn, b@y.cn')).toEqual(['a@x.cn', 'b@y.cn']);
    expect(splitCell('tags', 'VIP、北京;重点')).toEqual(['VIP', '北京', '重点']);
  });

  it('reads dates, times and amounts as Excel in China writes them', () => {
    expect(parseDate('1990年3月5日')).toBe('1990-03-05');
    expect(parseDate('1990/3/5 0:00')).toBe('1990-03-05');
    expect(parseDate('1990-02-30')).toBeNull();
    expect(parseTimestamp('2026-01-05 14:30')).toBe('2026-01-05T14:30:00.000Z');
    // a time without a zone is the workspace's: 20:00 on the 31st in Beijing is 12:00 UTC, not the 1st there
    expect(parseTimestamp('2026-03-31 20:00', 480)).toBe('2026-03-31T12:00:00.000Z');
    expect(parseTimestamp('2026/3/31 20:00:15', 480)).toBe('2026-03-31T12:00:15.000Z');
    expect(parseTimestamp('2026-01-05 01:30', -330)).toBe('2026-01-05T07:00:00.000Z');
    expect(parseTimestamp('2026-03-31', 480)).toBe('2026-03-31T00:00:00.000Z');
    expect(parseTimestamp('2026-03-31 20:00Z', 480)).toBe('2026-03-31T20:00:00.000Z');
    expect(parseTimestamp('2026-03-31 20:00+0100', 480)).toBe('2026-03-31T19:00:00.000Z');
    expect(parseTimestamp('2026-01-05T14:30:00+08:00')).toBe('2026-01-05T06:30:00.000Z');
    expect(parseMoney('¥1,234.5')).toBe(123450);
    expect(parseMoney('12.345')).toBeNull();
  });

  it('turns a row into field values, naming the column of a bad cell', () => {
    const row = convertRow('customers', { 名称: 'name', 级别: 'level', 阶段: 'stage', 手机: 'phones' }, ['名称', '级别', '阶段', '手机'], ['张伟', 'a', '热门', '138/139']);
    expect(row.values).toEqual({ name: '张伟', kind: 'person', level: 'A', phones: [{ value: '138' }, { value: '139' }] });
    expect(row.errors).toEqual([{ column: '阶段', message: expect.stringContaining('not a stage'), code: 'cell.stage', params: { value: '热门' } }]);
    expect(convertRow('customers', { Name: 'name' }, ['Name'], ['北京星辰科技有限公司']).values.kind).toBe('company');
  });

  it('guesses company or person by whole words and company suffixes, not by parts of words', () => {
    const kind = (name: string) => convertRow('customers', { Name: 'name' }, ['Name'], [name]).values.kind;
    for (const person of ['Zac Bellchambers', 'Ruby Allchin', 'Maria Corpuz', 'Coco Chanel', 'Incognito Jones', 'Ag Smith', '张伟', '欧阳娜娜']) expect([person, kind(person)]).toEqual([person, 'person']);
    for (const company of ['Acme Ltd', 'Acme Ltd.', 'Siemens AG', 'Foo GmbH', 'Bar LLC', 'Baz, Inc.', 'Smith & Co.', 'Contoso Corp', 'ACME S.A.', '北京星辰科技有限公司', '杭州西湖茶叶店', '星辰集团']) {
      expect([company, kind(company)]).toEqual([company, 'company']);
    }
  });

  it('says which column a bad phone came from when several columns fill phones', () => {
    const row = convertRow('customers', { 名称: 'name', 座机: 'phones', 手机: 'phones' }, ['名称', '座机', '手机'], ['星辰公司', '010 6552 9988', '42']);
    expect(row.pointColumns.phones).toEqual(['座机', '手机']);
  });
});

describe('columns left out', () => {
  it('names each with the custom field key it would fill, unique in the file', async () => {
    const { leftOutColumns } = await import('./import-left-out.ts');
    const columns = { 客户名称: 'name', 微信号: null, 'Shipping Street': null, 'Shipping  street': null, '2nd Phone': null, Vat: 'custom:vat', VAT: null };
    expect(leftOutColumns(columns, Object.keys(columns))).toEqual([
      { column: '微信号', key: 'weixinhao' },
      { column: 'Shipping Street', key: 'shipping_street' },
      { column: 'Shipping  street', key: 'shipping_street_2' },
      { column: '2nd Phone', key: 'col_2nd_phone' },
      { column: 'VAT', key: 'vat_2' },
    ]);
  });
});
