import type { ImportType } from './import-fields.ts';
import { foldWidth } from './text.ts';

/**
 * A known export layout: the headers it writes (compared without case, spaces or punctuation)
 * and what each becomes. `signature` says how to recognise it: from each group, at least one
 * header must be in the file — however many other columns the file has.
 */
export interface ImportPreset {
  id: string;
  label: string;
  type: ImportType;
  signature: string[][];
  columns: Record<string, string | null>;
}

const ignore = (headers: string[]) => Object.fromEntries(headers.map((h) => [h, null]));

const SALESFORCE_SYSTEM = ['ISDELETED', 'MASTERRECORDID', 'PARENTID', 'CREATEDDATE', 'CREATEDBYID', 'LASTMODIFIEDDATE', 'LASTMODIFIEDBYID', 'SYSTEMMODSTAMP', 'LASTACTIVITYDATE', 'OWNERID'];
const HUBSPOT_SYSTEM = ['Create Date', 'Last Activity Date', 'Last Modified Date', 'Last Contacted', 'Last Engagement Date', 'Number of Sales Activities', 'Number of times contacted'];
const ZOHO_SYSTEM = ['Created By', 'Modified By', 'Created Time', 'Modified Time', 'Last Activity Time', 'Contact Owner.id', 'Account Owner.id', 'Created By.id', 'Modified By.id', 'Layout', 'Layout.id'];
const FXIAOKE_SYSTEM = ['创建人', '创建时间', '最后修改人', '最后修改时间', '最后跟进时间', '负责人所在部门', '归属部门', '相关团队', '生命状态', '锁定状态', '业务类型', '地区定位', '外部负责人'];

/**
 * The exports people bring, from the vendors' documented layouts (test/fixtures/crm-exports).
 * A CRM's contacts export is a customer file with a contact person per row: the company is
 * created or matched once (by its name, or its own id in the CRM), each person becomes its
 * contact, the owner and the address go to the company; a person without a company is a
 * person customer with all of it.
 */
export const IMPORT_PRESETS: ImportPreset[] = [
  {
    id: 'salesforce-accounts',
    label: 'Salesforce accounts (Data Loader)',
    type: 'customers',
    signature: [['ID'], ['NAME'], ['BILLINGSTREET', 'BILLINGCITY', 'ACCOUNTNUMBER', 'ISDELETED']],
    columns: {
      ID: 'externalId',
      NAME: 'name',
      TYPE: null,
      BILLINGSTREET: 'address',
      BILLINGCITY: 'city',
      BILLINGSTATE: 'province',
      BILLINGPOSTALCODE: 'postcode',
      BILLINGCOUNTRY: 'country',
      PHONE: 'phones',
      WEBSITE: 'website',
      INDUSTRY: 'industry',
      DESCRIPTION: 'notes',
      ACCOUNTSOURCE: 'source',
      ...ignore(SALESFORCE_SYSTEM),
    },
  },
  {
    id: 'salesforce-contacts',
    label: 'Salesforce contacts (Data Loader)',
    type: 'contacts',
    signature: [['ID'], ['ACCOUNTID'], ['FIRSTNAME', 'LASTNAME']],
    columns: {
      ID: 'externalId',
      ACCOUNTID: 'customerExternalId',
      FIRSTNAME: 'firstName',
      LASTNAME: 'lastName',
      TITLE: 'title',
      PHONE: 'phones',
      MOBILEPHONE: 'phones',
      EMAIL: 'emails',
      BIRTHDATE: 'birthday',
      DESCRIPTION: 'notes',
      ...ignore(SALESFORCE_SYSTEM),
    },
  },
  {
    id: 'hubspot-companies',
    label: 'HubSpot companies',
    type: 'customers',
    signature: [['Record ID'], ['Company name'], ['Company owner', 'Company Domain Name', 'Number of Employees', 'Year Founded']],
    columns: {
      'Record ID': 'externalId',
      'Company name': 'name',
      'Company Domain Name': 'website',
      'Website URL': 'website',
      'Phone Number': 'phones',
      Industry: 'industry',
      'Street Address': 'address',
      City: 'city',
      'State/Region': 'province',
      'Postal Code': 'postcode',
      'Country/Region': 'country',
      'Company owner': 'owner',
      'Lifecycle Stage': 'stage',
      'Original Source Type': 'source',
      Type: null,
      Description: 'notes',
      ...ignore(HUBSPOT_SYSTEM),
    },
  },
  {
    id: 'hubspot-contacts',
    label: 'HubSpot contacts',
    type: 'customers',
    signature: [['Record ID'], ['First Name', 'Last Name', 'Email'], ['Lifecycle Stage', 'Mobile Phone Number', 'State/Region', 'Associated Company', 'Contact owner']],
    columns: {
      'Record ID': 'contactExternalId',
      'First Name': 'contactFirstName',
      'Last Name': 'contactLastName',
      Email: 'contactEmails',
      'Work email': 'contactEmails',
      'Phone Number': 'contactPhones',
      'Mobile Phone Number': 'contactPhones',
      'Job Title': 'contactTitle',
      'Date of birth': 'contactBirthday',
      'Company Name': 'name',
      'Associated Company': 'name',
      'Associated Company ID': 'externalId',
      'Primary Associated Company ID': 'externalId',
      'Contact owner': 'owner',
      'Lifecycle Stage': 'stage',
      'Original Source': 'source',
      Industry: 'industry',
      'Website URL': 'website',
      'Street Address': 'address',
      City: 'city',
      'State/Region': 'province',
      'Postal Code': 'postcode',
      'Country/Region': 'country',
      ...ignore(HUBSPOT_SYSTEM),
    },
  },
  {
    id: 'zoho-accounts',
    label: 'Zoho CRM accounts',
    type: 'customers',
    signature: [['Account Name'], ['Account Owner', 'Billing Street', 'Billing City', 'Shipping Street']],
    columns: {
      'Record Id': 'externalId',
      'Account Name': 'name',
      'Account Owner': 'owner',
      Phone: 'phones',
      Website: 'website',
      Industry: 'industry',
      'Billing Street': 'address',
      'Billing City': 'city',
      'Billing State': 'province',
      'Billing Code': 'postcode',
      'Billing Country': 'country',
      Description: 'notes',
      Tag: 'tags',
      ...ignore(ZOHO_SYSTEM),
    },
  },
  {
    id: 'zoho-contacts',
    label: 'Zoho CRM contacts',
    type: 'customers',
    signature: [['Account Name', 'Account Name.id'], ['First Name', 'Last Name', 'Full Name'], ['Contact Owner', 'Mailing Street', 'Mailing City', 'Record Id']],
    columns: {
      'Record Id': 'contactExternalId',
      'Full Name': 'contactName',
      'First Name': 'contactFirstName',
      'Last Name': 'contactLastName',
      'Account Name': 'name',
      'Account Name.id': 'externalId',
      'Contact Owner': 'owner',
      'Lead Source': 'source',
      Email: 'contactEmails',
      'Secondary Email': 'contactEmails',
      Title: 'contactTitle',
      Phone: 'contactPhones',
      Mobile: 'contactPhones',
      'Home Phone': 'contactPhones',
      'Other Phone': 'contactPhones',
      'Date of Birth': 'contactBirthday',
      'Mailing Street': 'address',
      'Mailing City': 'city',
      'Mailing State': 'province',
      'Mailing Zip': 'postcode',
      'Mailing Country': 'country',
      Tag: 'tags',
      ...ignore(ZOHO_SYSTEM),
    },
  },
  {
    id: 'fxiaoke-accounts',
    label: '纷享销客 客户',
    type: 'customers',
    signature: [['客户名称'], ['负责人'], ['成交状态', '生命状态', '归属部门', '负责人所在部门', '相关团队', '锁定状态']],
    columns: {
      客户编号: 'externalId',
      客户名称: 'name',
      负责人: 'owner',
      客户级别: 'level',
      客户来源: 'source',
      行业: 'industry',
      成交状态: 'stage',
      电话: 'phones',
      邮件: 'emails',
      网址: 'website',
      国家: 'country',
      省: 'province',
      市: 'city',
      区: 'district',
      详细地址: 'address',
      邮政编码: 'postcode',
      备注: 'notes',
      ...ignore(FXIAOKE_SYSTEM),
    },
  },
  {
    id: 'fxiaoke-contacts',
    label: '纷享销客 联系人',
    type: 'customers',
    signature: [['姓名'], ['客户名称'], ['生命状态', '归属部门', '负责人所在部门', '相关团队', '锁定状态']],
    columns: {
      姓名: 'contactName',
      客户名称: 'name',
      负责人: 'owner',
      手机: 'contactPhones',
      电话: 'contactPhones',
      邮件: 'contactEmails',
      职务: 'contactTitle',
      生日: 'contactBirthday',
      国家: 'country',
      省: 'province',
      市: 'city',
      区: 'district',
      详细地址: 'address',
      ...ignore(FXIAOKE_SYSTEM),
    },
  },
];

/** Headers compared without width, case, spaces or punctuation ("Account Name.id" = "account name id"). */
export const foldPresetHeader = (header: string): string => foldWidth(header).toLowerCase().replace(/[\s_\-.:：/()（）*#]+/g, '').replace(/^\ufeff/, '');

/**
 * The preset whose signature the headers carry, if any; of several, the one that knows the most
 * of the file's headers. The file's width does not matter: a full export of 180 columns is
 * recognised as well as one of 5.
 */
export function detectPreset(headers: string[], type?: ImportType): ImportPreset | null {
  const present = new Set(headers.map(foldPresetHeader));
  let best: { preset: ImportPreset; hits: number } | null = null;
  for (const preset of IMPORT_PRESETS) {
    if (type !== undefined && preset.type !== type) continue;
    if (!preset.signature.every((group) => group.some((h) => present.has(foldPresetHeader(h))))) continue;
    const hits = Object.keys(preset.columns).filter((h) => present.has(foldPresetHeader(h))).length;
    if (!best || hits > best.hits) best = { preset, hits };
  }
  return best?.preset ?? null;
}

/** Where `header` stands in the preset (its declaration order), or -1 when the preset does not know it. */
export function presetIndex(preset: ImportPreset, header: string): number {
  const wanted = foldPresetHeader(header);
  return Object.keys(preset.columns).findIndex((h) => foldPresetHeader(h) === wanted);
}

/** What `preset` says about `header`: a field, null (ignore), or undefined (not in the preset). */
export function presetField(preset: ImportPreset, header: string): string | null | undefined {
  const index = presetIndex(preset, header);
  return index < 0 ? undefined : (Object.values(preset.columns)[index] ?? null);
}
