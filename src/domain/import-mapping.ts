import { Type, type Static } from 'typebox';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STAGES } from './customer.ts';
import { CONTACT_GENDERS } from './contact.ts';
import { INTERACTION_DIRECTIONS, INTERACTION_TYPES } from './interaction.ts';
import { ORDER_STATUSES } from './order.ts';
import { codedField, type FieldError } from './errors.ts';
import { detectPreset, presetField, presetIndex } from './import-presets.ts';
import { Literals, Nullable } from './record.ts';
import { foldWidth } from './text.ts';
import { formatMessage, type MessageCode, type MessageParams } from './messages.ts';
import { readAreaCode } from './area-codes.ts';
import { IMPORT_FIELDS, IMPORT_TYPES, type ImportType } from './import-fields.ts';

export { IMPORT_FIELDS, IMPORT_TYPES, type ImportType };
export const ON_DUPLICATE = ['skip', 'update', 'create'] as const;
export type OnDuplicate = (typeof ON_DUPLICATE)[number];
/** update: fill only empty fields, or overwrite them with the file's values */
export const UPDATE_MODES = ['fill', 'overwrite'] as const;
export const MATCH_KEYS = ['email', 'phone', 'externalId', 'name'] as const;
/** A row with a bad phone, e-mail or other optional value: import it without the value, or reject it (default). */
export const ON_INVALID_VALUE = ['keep-row', 'skip-row'] as const;
export type OnInvalidValue = (typeof ON_INVALID_VALUE)[number];
/** A contact's company (a vCard's ORG, a Company column): link it to the customer of that name, created as a company if there is none you can see; or keep it as text on the contact. */
export const ON_COMPANY = ['link', 'keep'] as const;
export type OnCompany = (typeof ON_COMPANY)[number];
export type MatchKey = (typeof MATCH_KEYS)[number];

/** Fields that take several values (split on / ; , and the like); several columns may map to them. */
const MULTI_FIELDS = new Set(['phones', 'emails', 'tags', 'contactPhones', 'contactEmails']);
const CUSTOM_FIELD = /^custom:([a-z][a-z0-9_]{0,39})$/;

export const DEFAULT_MATCH_ON: Record<ImportType, MatchKey[]> = {
  customers: ['externalId', 'email', 'phone'],
  contacts: ['externalId', 'email', 'phone'],
  orders: ['externalId'],
  interactions: [],
};

export const ImportOptions = Type.Object(
  {
    onDuplicate: Type.Optional(Literals(ON_DUPLICATE, { description: 'what to do with a row that matches an existing record or an earlier row (default skip)' })),
    updateMode: Type.Optional(Literals(UPDATE_MODES, { description: 'with onDuplicate=update: fill only empty fields (default) or overwrite' })),
    matchOn: Type.Optional(Type.Array(Literals(MATCH_KEYS), { maxItems: 4, description: 'keys that make two records the same (default externalId, email, phone; name = name + company)' })),
    createCustomFields: Type.Optional(Type.Boolean({ description: 'create a text custom field for each column mapped to an unknown custom:<key>' })),
    keepUnknownColumns: Type.Optional(Type.Boolean({ description: 'keep every column the mapping leaves out (leftOut in the dry run) in a text custom field of its own, created as needed (admins)' })),
    onInvalidValue: Type.Optional(Literals(ON_INVALID_VALUE, { description: 'a row with a bad phone, e-mail or other optional value: keep-row imports it without the value (reported with the row), skip-row rejects it (default)' })),
    onCompany: Type.Optional(Literals(ON_COMPANY, { description: "contacts: link (default) makes each row's company (a vCard's ORG) the contact's customer, matched by name among the customers you can see or created as a company; keep stores it as text on the contact (organization) and links nothing" })),
  },
  { additionalProperties: false },
);
export type ImportOptionsShape = Static<typeof ImportOptions>;

/** The mapping file: which header fills which field (null: ignore the column), plus options. */
export const MappingFile = Type.Object(
  {
    type: Literals(IMPORT_TYPES),
    columns: Type.Record(Type.String({ maxLength: 200 }), Nullable(Type.String({ maxLength: 60 }))),
    ...ImportOptions.properties,
  },
  { additionalProperties: false },
);
export type MappingFileShape = Static<typeof MappingFile>;
export type ColumnMap = Record<string, string | null>;

// Header synonyms, compared after folding (lower case, no spaces, underscores or punctuation).
const SYNONYMS: Record<string, string[]> = {
  name: ['客户名称', '客户名', '客户姓名', '名称', '姓名', '名字', 'name', 'customername', 'fullname'],
  company: ['客户', '公司', '公司名称', '单位', '企业', '企业名称', '所属公司', '所属客户', 'company', 'companyname', 'organization', 'organisation', 'account', 'accountname'],
  person: ['联系人', '联系人名称', '联系人姓名', '联系人名字', '对接人', 'contactname', 'contactperson'],
  kind: ['客户类型', '类别', 'kind', 'customertype'],
  externalId: ['外部编号', '客户编号', '编号', '外部id', 'externalid', 'id', 'recordid', 'accountid', 'contactid', 'uid'],
  phones: ['手机', '手机号', '手机号码', '电话', '联系电话', '电话号码', '座机', '固话', '办公电话', '移动电话', 'phone', 'phones', 'mobile', 'mobilephone', 'telephone', 'tel', 'cell', 'workphone', 'phonenumber', 'otherphones', 'homephone', '固定电话', '公司电话', '单位电话', '总机', '公司座机', '联系人电话', '联系人手机', '联系人手机号', 'companyphone', 'officephone', 'businessphone', 'mainphone'],
  emails: ['邮箱', '电子邮件', '电子邮箱', '邮件', 'email', 'emails', 'e-mail', 'emailaddress', 'mail', 'otheremails', '公司邮箱', '企业邮箱', '单位邮箱', '联系人邮箱', 'companyemail'],
  stage: ['阶段', '客户阶段', '生命周期', 'stage', 'lifecyclestage'],
  level: ['级别', '等级', '客户级别', '客户等级', 'level', 'grade'],
  source: ['来源', '客户来源', '渠道', 'source', 'leadsource'],
  industry: ['行业', '所属行业', 'industry'],
  owner: ['负责人', '所有者', '归属', '跟进人', '销售', '销售代表', '业务员', 'owner', 'owneremail', 'accountowner'],
  country: ['国家', '国家地区', 'country', 'countryregion'],
  province: ['省', '省份', '州', 'province', 'state', 'stateregion'],
  city: ['市', '城市', '所在城市', 'city', 'town'],
  district: ['区', '区县', '县区', '县', 'district', 'county'],
  address: ['地址', '详细地址', '通讯地址', '联系地址', '公司地址', '街道', '街道地址', 'address', 'street', 'streetaddress', 'address1', 'addressline1', 'mailingstreet'],
  areaCode: ['区号', '电话区号', '长途区号', 'areacode', 'dialcode'],
  postcode: ['邮编', '邮政编码', 'postcode', 'postalcode', 'zip', 'zipcode', 'postcodezip'],
  idNumber: ['身份证', '身份证号', '身份证号码', '证件号', '证件号码', '身份证件号码', 'idnumber', 'idcard', 'idcardnumber', 'nationalid'],
  website: ['网站', '网址', '官网', 'website', 'web', 'url', 'homepage'],
  notes: ['备注', '说明', '描述', '简介', 'notes', 'note', 'description', 'remarks', 'comment', 'comments'],
  tags: ['标签', 'tags', 'tag', 'labels'],
  title: ['职位', '职务', '头衔', 'title', 'jobtitle', 'position'],
  nickname: ['昵称', '别名', 'nickname', 'nick'],
  department: ['部门', '所属部门', 'department', 'dept'],
  role: ['角色', 'role'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', '出生年月', 'birthday', 'birthdate', 'dateofbirth'],
  firstName: ['名', 'firstname', 'givenname'],
  lastName: ['姓', 'lastname', 'surname', 'familyname'],
  customerExternalId: ['客户外部编号', 'customerexternalid', 'customerid', 'accountnameid'],
  customerEmail: ['客户邮箱', 'customeremail'],
  customerPhone: ['客户电话', '客户手机', 'customerphone'],
  orderNo: ['订单号', '订单编号', '单号', 'orderno', 'ordernumber', 'order', 'orderid'],
  orderedAt: ['下单时间', '下单日期', '订单日期', '订单时间', '日期', 'orderedat', 'orderdate', 'date'],
  status: ['订单状态', '状态', 'status'],
  currency: ['币种', '货币', 'currency'],
  product: ['产品', '商品', '产品名称', '商品名称', 'product', 'item', 'productname'],
  sku: ['货号', '型号', 'sku', 'productcode'],
  quantity: ['数量', 'quantity', 'qty'],
  unitPrice: ['单价', '价格', 'unitprice', 'price'],
  total: ['金额', '总额', '总价', '合计', 'total', 'amount'],
  type: ['类型', '方式', 'type', 'interactiontype', 'channel'],
  direction: ['方向', 'direction'],
  occurredAt: ['时间', '跟进时间', '发生时间', 'occurredat', 'time', 'datetime'],
  subject: ['主题', '标题', 'subject'],
  body: ['内容', '跟进内容', '记录', 'body', 'content', 'details'],
  durationSeconds: ['时长', '通话时长', '时长秒', 'duration', 'durationseconds'],
};

/** Folds a header for comparison: width, case, spaces and punctuation do not matter. */
export const foldHeader = (header: string): string =>
  foldWidth(header).toLowerCase().replace(/[\s_\-.:：/()（）*#]+/g, '').replace(/^\ufeff/, '');

const synonymIndex = new Map<string, string>();
for (const [field, words] of Object.entries(SYNONYMS)) for (const w of words) synonymIndex.set(foldHeader(w), field);

/** kehu's own export headers ("Owner email", "custom:vip_level") and field names map to themselves. */
function directField(header: string, type: ImportType): string | null {
  const trimmed = header.trim();
  const custom = /^custom[:.]\s*([a-z][a-z0-9_]{0,39})$/i.exec(trimmed);
  if (custom) return `custom:${(custom[1] as string).toLowerCase()}`;
  const exact = IMPORT_FIELDS[type].find((f) => f.toLowerCase() === foldHeader(trimmed));
  return exact ?? null;
}

function guessOne(header: string, type: ImportType, taken: Set<string>): string | null {
  const direct = directField(header, type);
  let field = direct ?? synonymIndex.get(foldHeader(header)) ?? null;
  if (field === null) return null;
  const fields = IMPORT_FIELDS[type];
  // 公司 / 联系人 mean different things per import type.
  if (field === 'company') field = type === 'customers' ? 'name' : 'customer';
  if (field === 'name' && (type === 'orders' || type === 'interactions')) field = 'customer';
  // an order's e-mail or phone column names its customer
  if (field === 'emails' && type === 'orders') field = 'customerEmail';
  if (field === 'phones' && type === 'orders') field = 'customerPhone';
  // In a customer file, 联系人 beside a customer name is that customer's contact person.
  if (field === 'person') field = type === 'customers' ? (taken.has('name') ? 'contactName' : 'name') : type === 'contacts' ? 'name' : null;
  if (field === 'status' && type === 'customers') field = 'stage';
  if (field === 'type' && type === 'customers') field = 'kind';
  if (field === 'orderedAt' && type === 'interactions') field = 'occurredAt';
  if (field === 'title' && type === 'customers') field = 'contactTitle';
  if (field === null || (!fields.includes(field) && !field.startsWith('custom:'))) return null;
  if (!MULTI_FIELDS.has(field) && taken.has(field)) return null;
  return field;
}

/**
 * Guesses which field each header fills, from Chinese and English headers, kehu's own export
 * headers and the Salesforce / HubSpot presets. The first of several candidate columns wins
 * (客户名称 before 公司 for a customer's name); phones, emails and tags may take several.
 */
export function guessMapping(type: ImportType, headers: string[]): { columns: ColumnMap; preset: string | null } {
  const preset = detectPreset(headers, type);
  const taken = new Set<string>();
  const columns: ColumnMap = {};
  // The preset's columns in its own order (Company Name before Associated Company), then
  // name-like headers, so 客户名称 beats 公司 and 联系人 wherever they stand.
  const place = (h: string) => (preset && presetIndex(preset, h) >= 0 ? presetIndex(preset, h) - 10_000 : rank(h));
  const order = [...headers].sort((a, b) => place(a) - place(b));
  for (const header of order) {
    const fromPreset = preset ? presetField(preset, header) : undefined;
    let field = fromPreset !== undefined ? fromPreset : guessOne(header, type, taken);
    if (field !== null && !MULTI_FIELDS.has(field) && taken.has(field)) field = null;
    columns[header] = field;
    if (field) taken.add(field);
  }
  if (type === 'customers' && !preset) routeToContact(columns);
  return { columns: Object.fromEntries(headers.map((h) => [h, columns[h] ?? null])), preset: preset?.id ?? null };
}

// With a contact person in the row, these stay on the company; other phones, e-mails and the title are the person's.
const COMPANY_POINT_HEADERS = new Set(['座机', '固话', '固定电话', '办公电话', '公司电话', '单位电话', '总机', '公司座机', '传真', '公司邮箱', '企业邮箱', '单位邮箱', 'companyphone', 'officephone', 'workphone', 'businessphone', 'mainphone', 'switchboard', 'companyemail', 'generalemail'].map((h) => foldHeader(h)));

/** A customer file with a contact person column: the person's own phones, e-mails and title go to the contact. */
function routeToContact(columns: ColumnMap): void {
  if (!Object.values(columns).includes('contactName')) {
    for (const [header, field] of Object.entries(columns)) if (field === 'contactTitle') columns[header] = null;
    return;
  }
  for (const [header, field] of Object.entries(columns)) {
    const isCompany = COMPANY_POINT_HEADERS.has(foldHeader(header));
    if (field === 'phones' && !isCompany) columns[header] = 'contactPhones';
    else if (field === 'emails' && !isCompany) columns[header] = 'contactEmails';
  }
}

function rank(header: string): number {
  const field = synonymIndex.get(foldHeader(header));
  return field === 'name' ? 0 : field === 'company' ? 1 : field === 'person' ? 2 : 3;
}

/** Checks a mapping against the import type and the file's headers; returns problems by column. */
export function checkMapping(type: ImportType, columns: ColumnMap, headers: string[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Map<string, string>();
  for (const [header, field] of Object.entries(columns)) {
    if (field === null) continue;
    if (!headers.includes(header)) problems.push(codedField(`columns.${header}`, 'import.no_such_column'));
    if (!IMPORT_FIELDS[type].includes(field) && !CUSTOM_FIELD.test(field)) {
      problems.push(codedField(`columns.${header}`, 'import.not_a_field', { field, type, fields: IMPORT_FIELDS[type].join(', ') }));
    }
    const other = seen.get(field);
    if (other !== undefined && !MULTI_FIELDS.has(field)) problems.push(codedField(`columns.${header}`, 'import.field_twice', { field, column: other }));
    seen.set(field, header);
  }
  const fields = new Set(Object.values(columns).filter((f): f is string => f !== null));
  const hasName = fields.has('name') || fields.has('firstName') || fields.has('lastName');
  const required: Record<ImportType, Array<[boolean, MessageCode]>> = {
    customers: [[hasName, 'import.needs_name']],
    contacts: [[hasName, 'import.needs_name']],
    orders: [
      [['customer', 'customerExternalId', 'customerEmail', 'customerPhone'].some((f) => fields.has(f)), 'import.needs_order_customer'],
      [fields.has('product') || fields.has('total'), 'import.needs_product'],
      [fields.has('unitPrice') || fields.has('total'), 'import.needs_price'],
    ],
    interactions: [[fields.has('customer') || fields.has('customerExternalId'), 'import.needs_interaction_customer']],
  };
  for (const [ok, code] of required[type]) if (!ok) problems.push(codedField('columns', code));
  return problems;
}

/** The custom-field keys a mapping fills. */
export const customKeys = (columns: ColumnMap): string[] =>
  [...new Set(Object.values(columns).flatMap((f) => (f && CUSTOM_FIELD.test(f) ? [(CUSTOM_FIELD.exec(f) as RegExpExecArray)[1] as string] : [])))];

// ---------- cells to values ----------

export interface CellError {
  column: string | null;
  /** in English */
  message: string;
  /** the message's code and parameters, for the importer's language */
  code?: MessageCode;
  params?: MessageParams;
  /** the field it is about, when no column is */
  field?: string;
}

/** A cell that could not be read: its English text and its code, for the error file in the importer's language. */
class CellProblem extends Error {
  constructor(readonly code: MessageCode, readonly params: MessageParams) {
    super(formatMessage('en', code, params) ?? code);
  }
}

const SPLIT_PHONES = /\s*[/;,，；、|\n]+\s*|\s{3,}/;
const SPLIT_EMAILS = /[\s/;,，；、|]+/;
const SPLIT_TAGS = /\s*[;,，；、|]+\s*/;

const LABEL = /^(\p{L}[\p{L}\p{N} ._-]{0,39}?)\s*[:：]\s*(?=\S)/u;
const NOT_A_LABEL = /^(tel|mailto|sip|http|https)$/i;

/**
 * Phones or e-mails of a cell, each with the label written before it ("mobile: 138 1234 5678;
 * work fax: 010 6552 9988", as the vCard reader writes them; a CSV's "手机：138…" too).
 */
export function splitLabelled(field: string, cell: string): Array<{ value: string; label?: string }> {
  const points: Array<{ value: string; label?: string }> = [];
  for (const segment of cell.split(/\s*[;；\n]\s*/)) {
    const match = LABEL.exec(segment);
    const label = match && !NOT_A_LABEL.test(match[1] as string) ? (match[1] as string) : undefined;
    const rest = label === undefined ? segment : segment.slice((match as RegExpExecArray)[0].length);
    for (const value of splitCell(field, rest)) points.push(label === undefined ? { value } : { value, label });
  }
  return points;
}

export function splitCell(field: string, cell: string): string[] {
  const pattern = field === 'phones' || field === 'contactPhones' ? SPLIT_PHONES : field === 'emails' || field === 'contactEmails' ? SPLIT_EMAILS : SPLIT_TAGS;
  const values: string[] = [];
  for (const part of cell.split(pattern)) {
    const value = part.trim();
    if (value !== '') values.push(value);
  }
  return values;
}

// Han names carry their suffix without a space; Latin ones are whole words (Bellchambers has no LLC in it).
const COMPANY_HAN = /(?:有限公司|有限责任公司|股份公司|公司|集团|企业|工作室|事务所|研究院|研究所|中心|商行|商店|商贸|银行|大学|学院|学校|医院|诊所|协会|委员会|基金会|合作社|酒店|饭店|餐厅|超市|药房|门市部|经营部|分公司|办事处|厂|店)$|公司|集团|有限/u;
const COMPANY_WORD = /(?:^|[\s,.&(（])(?:ltd|limited|inc|incorporated|llc|llp|gmbh|mbh|corp|corporation|co|company|companies|group|holdings?|plc|pty|pte|bhd|sdn|sarl|srl|spa|ltda|technologies|technology|solutions|systems|consulting|partners|associates|industries|enterprises?|international|ventures|labs|agency|foundation|association|institute|university|bank|hotel|restaurant)(?:$|[\s,.)）])/i;
// Short legal forms only in capitals: "AG", not the "Ag" of a name.
const COMPANY_ABBR = /(?:^|[\s,(（])(?:AG|KG|OHG|SE|SA|SAS|NV|BV|AB|AS|ApS|Oy|KK|LP|SpA)(?:$|[\s,.)）])/u;
const S_A = /(?:^|\s)s\.\s?a\.?(?:$|\s)|\bs\.r\.l\.?|\be\.v\.(?:$|\s)/i;

/** Whether a name reads as an organisation's: a company suffix or word (有限公司, Ltd, GmbH, LLC, Inc …), never a part of a word. */
export function looksLikeCompany(name: string): boolean {
  const text = foldWidth(name).trim();
  return COMPANY_HAN.test(text) || COMPANY_WORD.test(text) || COMPANY_ABBR.test(text) || S_A.test(text);
}

const HAN = /\p{Script=Han}/u;
const SHORT_HAN_NAME = /^\p{Script=Han}{2,4}$/u;
const FEW_LATIN_WORDS = /^[\p{L}'’-]+( [\p{L}'’-]+){1,2}$/u;

const KIND_WORDS: Record<string, (typeof CUSTOMER_KINDS)[number]> = { 公司: 'company', 企业: 'company', 单位: 'company', 机构: 'company', company: 'company', organisation: 'company', organization: 'company', b2b: 'company', 个人: 'person', 个体: 'person', person: 'person', individual: 'person', b2c: 'person' };
const STAGE_WORDS: Record<string, (typeof CUSTOMER_STAGES)[number]> = { 线索: 'lead', 潜在: 'prospect', 潜在客户: 'prospect', 意向: 'prospect', 意向客户: 'prospect', 成交: 'customer', 成交客户: 'customer', 客户: 'customer', 已成交: 'customer', 未成交: 'prospect', 多次成交: 'customer', 流失: 'churned', 已流失: 'churned', 丢单: 'lost', 输单: 'lost', 失败: 'lost', subscriber: 'lead', opportunity: 'prospect', salesqualifiedlead: 'prospect', marketingqualifiedlead: 'lead', evangelist: 'customer', other: 'lead' };
// 纷享销客's default customer levels
const LEVEL_WORDS: Record<string, (typeof CUSTOMER_LEVELS)[number]> = { 重要客户: 'A', 普通客户: 'B', 非优先客户: 'C' };
const GENDER_WORDS: Record<string, (typeof CONTACT_GENDERS)[number]> = { 男: 'male', 女: 'female', m: 'male', f: 'female', male: 'male', female: 'female', 其他: 'other', other: 'other' };
const STATUS_WORDS: Record<string, (typeof ORDER_STATUSES)[number]> = { 待付款: 'pending', 待支付: 'pending', 已付款: 'paid', 已支付: 'paid', 已发货: 'shipped', 已完成: 'completed', 完成: 'completed', 已取消: 'cancelled', 取消: 'cancelled', 已退款: 'refunded', 退款: 'refunded' };
const TYPE_WORDS: Record<string, (typeof INTERACTION_TYPES)[number]> = { 电话: 'call', 通话: 'call', 邮件: 'email', 会议: 'meeting', 拜访: 'visit', 上门: 'visit', 微信: 'wechat', 备注: 'note', 笔记: 'note', 售后: 'support', 客服: 'support' };
const DIRECTION_WORDS: Record<string, (typeof INTERACTION_DIRECTIONS)[number]> = { 呼入: 'inbound', 来电: 'inbound', 呼出: 'outbound', 去电: 'outbound', in: 'inbound', out: 'outbound' };

function pickWord<T extends string>(cell: string, allowed: readonly T[], words: Record<string, T>): T | null {
  const folded = foldHeader(cell);
  const direct = allowed.find((a) => a.toLowerCase() === folded);
  return direct ?? words[folded] ?? words[cell.trim()] ?? null;
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const pad = (n: string | undefined, width = 2) => (n ?? '0').padStart(width, '0');

function dateParts(cell: string): RegExpExecArray | null {
  const text = foldWidth(cell).trim();
  return DATE.exec(text) ?? COMPACT_DATE.exec(text);
}

function checkedDate(y: string, mo: string, d: string): string | null {
  const iso = `${y}-${pad(mo)}-${pad(d)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** 2026-1-5, 2026/01/05, 2026年1月5日, 20260105 (a time after it is ignored) → 2026-01-05; null if not a date. */
export function parseDate(cell: string): string | null {
  const m = dateParts(cell);
  return m ? checkedDate(m[1] as string, m[2] as string, m[3] as string) : null;
}

const MONTH_DAY = /^(?:--)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$|^--(\d{2})(\d{2})$/;

/**
 * A birthday cell: a date (as parseDate reads it), or a day without the year — 4月15日, 04-15,
 * --04-15, --0415 — as --MM-DD. Null if it is neither.
 */
export function parseBirthday(cell: string): string | null {
  const date = parseDate(cell);
  if (date !== null) return date;
  const m = MONTH_DAY.exec(foldWidth(cell).trim());
  if (!m) return null;
  const month = Number(m[1] ?? m[3]);
  const day = Number(m[2] ?? m[4]);
  // a leap year, so that 2月29日 is a real day
  return checkedDate('2000', String(month), String(day)) === null ? null : `--${pad(String(month))}-${pad(String(day))}`;
}

/** +08:00 for 480 minutes east of UTC. */
function zoneOf(utcOffsetMinutes: number): string {
  const minutes = Math.abs(utcOffsetMinutes);
  return `${utcOffsetMinutes < 0 ? '-' : '+'}${pad(String(Math.floor(minutes / 60)))}:${pad(String(minutes % 60))}`;
}

/**
 * A date or date-time cell as an ISO 8601 UTC timestamp. A time of day without a zone is the
 * workspace's (`utcOffsetMinutes` east of UTC: 2026-03-31 20:00 in a sheet from Beijing is 12:00
 * UTC, still the 31st there); a date alone stays midnight UTC.
 */
export function parseTimestamp(cell: string, utcOffsetMinutes = 0): string | null {
  const m = dateParts(cell);
  const day = m ? checkedDate(m[1] as string, m[2] as string, m[3] as string) : null;
  if (!m || day === null) return null;
  const local = m[4] === undefined ? 'Z' : zoneOf(utcOffsetMinutes);
  const zone = m[7] === undefined ? local : m[7].toUpperCase() === 'Z' ? 'Z' : m[7].includes(':') ? m[7] : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
  const date = new Date(`${day}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "¥1,234.50", "1234.5", "USD 12" → minor units (cents, fen); null if not an amount. */
export function parseMoney(cell: string): number | null {
  const text = foldWidth(cell).replace(/[¥￥$€£,\s]|rmb|cny|usd|eur|元/gi, '');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

export interface ConvertedRow {
  /** field → value, ready for the record's create input (name, phones as [{value}], …) */
  values: Record<string, unknown>;
  /** custom key → text */
  custom: Record<string, string>;
  errors: CellError[];
  /** which column each field came from, to name the column of a later validation error */
  columnOf: Record<string, string>;
  /** phones, emails, contactPhones, contactEmails: the column of each value, in order */
  pointColumns: Record<string, string[]>;
}

/**
 * Turns one row's cells into field values by the mapping: multi-value cells split, enums read
 * from Chinese or English words, dates and amounts parsed (a time without a zone at
 * `utcOffsetMinutes`, the workspace's). Blank cells are left out.
 * Validation proper (phones, emails, names, lengths) is the record's own prepare step.
 */
export function convertRow(type: ImportType, columns: ColumnMap, headers: string[], cells: string[], utcOffsetMinutes = 0): ConvertedRow {
  const out: ConvertedRow = { values: {}, custom: {}, errors: [], columnOf: {}, pointColumns: {} };
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i] as string;
    const field = columns[header];
    const cell = (cells[i] ?? '').trim();
    if (!field || cell === '') continue;
    if (cell.includes('\u0000')) {
      out.errors.push({ column: header, message: 'contains a NUL character', code: 'cell.nul' });
      continue;
    }
    out.columnOf[field] ??= header;
    const custom = CUSTOM_FIELD.exec(field);
    if (custom) {
      out.custom[custom[1] as string] = cell;
      continue;
    }
    const value = convertCell(field, cell, utcOffsetMinutes);
    if (value instanceof CellProblem) out.errors.push({ column: header, message: value.message, code: value.code, params: value.params });
    else if (MULTI_FIELDS.has(field)) {
      out.values[field] = ((out.values[field] as unknown[] | undefined) ?? []).concat(value);
      if (field !== 'tags') out.pointColumns[field] = (out.pointColumns[field] ?? []).concat((value as unknown[]).map(() => header));
    }
    else out.values[field] = value;
  }
  const first = out.values.firstName as string | undefined;
  const last = out.values.lastName as string | undefined;
  if (out.values.name === undefined && (first || last)) {
    out.values.name = fullName(first, last);
    out.columnOf.name ??= out.columnOf.lastName ?? out.columnOf.firstName ?? '';
  }
  // A contact keeps the parts of their name as well (a vCard's N, a CRM's First/Last Name).
  if (type === 'contacts') {
    if (first) out.values.givenName = first;
    if (last) out.values.familyName = last;
  }
  delete out.values.firstName;
  delete out.values.lastName;
  const contactFirst = out.values.contactFirstName as string | undefined;
  const contactLast = out.values.contactLastName as string | undefined;
  if (out.values.contactName === undefined && (contactFirst || contactLast)) {
    out.values.contactName = fullName(contactFirst, contactLast);
    out.columnOf.contactName ??= out.columnOf.contactLastName ?? out.columnOf.contactFirstName ?? '';
  }
  delete out.values.contactFirstName;
  delete out.values.contactLastName;
  if (type === 'customers' && out.values.kind === undefined && typeof out.values.name === 'string') {
    // A given or family name (a vCard's N, a CRM's First/Last Name) says it is a person.
    const hasPersonParts = Boolean(first || last);
    out.values.kind = looksLikeCompany(out.values.name) || out.values.contactName !== undefined ? 'company' : hasPersonParts ? 'person' : out.columnOf.name === undefined ? 'company' : guessKindFromHeader(out.columnOf.name, out.values.name);
  }
  return out;
}

/** 张 + 伟 → 张伟 (family name first, no space); Ada + Lovelace → Ada Lovelace. */
function fullName(first: string | undefined, last: string | undefined): string {
  return HAN.test(`${first ?? ''}${last ?? ''}`) ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
}

function guessKindFromHeader(header: string, name: string): 'company' | 'person' {
  const field = synonymIndex.get(foldHeader(header));
  if (field === 'company') return 'company';
  // A short all-Han name (张伟, 欧阳娜娜) or two or three Latin words without a company suffix is a person.
  if (SHORT_HAN_NAME.test(name)) return 'person';
  return field === 'person' || FEW_LATIN_WORDS.test(name) ? 'person' : 'company';
}

/** A cell's conversion error; long cells are cut short. */
function badCell(cell: string, code: MessageCode, params: MessageParams = {}): CellProblem {
  return new CellProblem(code, { ...params, value: cell.length > 60 ? `${cell.slice(0, 60)}…` : cell });
}

function convertCell(field: string, cell: string, utcOffsetMinutes: number): unknown {
  switch (field) {
    case 'phones':
    case 'emails':
    case 'contactPhones':
    case 'contactEmails':
      return splitLabelled(field, cell);
    case 'tags':
      return splitCell(field, cell);
    case 'kind':
      return pickWord(cell, CUSTOMER_KINDS, KIND_WORDS) ?? badCell(cell, 'cell.kind');
    case 'stage':
      return pickWord(cell, CUSTOMER_STAGES, STAGE_WORDS) ?? badCell(cell, 'cell.stage');
    case 'level': {
      // "A", "A级", "A 类" (the Chinese display name)
      const level = LEVEL_WORDS[cell.trim()] ?? foldWidth(cell).trim().toUpperCase().replace(/\s*[级类]$/, '');
      return (CUSTOMER_LEVELS as readonly string[]).includes(level) ? level : badCell(cell, 'cell.level');
    }
    case 'gender':
      return pickWord(cell, CONTACT_GENDERS, GENDER_WORDS) ?? badCell(cell, 'cell.gender');
    case 'areaCode':
      return readAreaCode(cell) ?? badCell(cell, 'cell.area_code');
    case 'birthday':
    case 'contactBirthday':
      return parseBirthday(cell) ?? badCell(cell, 'cell.birthday');
    case 'orderedAt':
    case 'occurredAt':
      return parseTimestamp(cell, utcOffsetMinutes) ?? badCell(cell, 'cell.time');
    case 'status':
      return pickWord(cell, ORDER_STATUSES, STATUS_WORDS) ?? badCell(cell, 'cell.order_status');
    case 'currency':
      return /^[A-Za-z]{3}$/.test(cell.trim()) ? cell.trim().toUpperCase() : cell.trim() === '人民币' || cell.trim() === '元' ? 'CNY' : badCell(cell, 'cell.currency');
    case 'quantity': {
      const n = Number(foldWidth(cell).replace(/[,\s]/g, ''));
      return Number.isInteger(n) && n >= 1 ? n : badCell(cell, 'cell.quantity');
    }
    case 'unitPrice':
    case 'total':
      return parseMoney(cell) ?? badCell(cell, 'cell.amount');
    case 'type':
      return pickWord(cell, INTERACTION_TYPES, TYPE_WORDS) ?? badCell(cell, 'cell.interaction_type');
    case 'direction':
      return pickWord(cell, INTERACTION_DIRECTIONS, DIRECTION_WORDS) ?? badCell(cell, 'cell.direction');
    case 'durationSeconds': {
      const n = Number(foldWidth(cell).replace(/[,\s秒s]/gi, ''));
      return Number.isInteger(n) && n >= 0 ? n : badCell(cell, 'cell.seconds');
    }
    default:
      return cell;
  }
}
