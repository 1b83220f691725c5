import { ABC_CLASSES } from './abc.ts';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STAGES } from './customer.ts';
import type { CustomFieldType } from './custom-field.ts';
import { codedField, type FieldError } from './errors.ts';
import { isStorableDate } from './instant.ts';
import type { MessageCode, MessageParams } from './messages.ts';
import { currencyError } from './money.ts';
import { RFM_GROUPS } from './rfm.ts';

/** A segment's filter: conditions combined by AND or OR, groups nested at most `MAX_DEPTH` deep. */
export interface FilterGroup {
  op: 'and' | 'or';
  conditions: FilterNode[];
}

export interface FilterCondition {
  field: string;
  operator: string;
  value?: unknown;
  /** order and analytic conditions: the currency read (required for money totals) */
  currency?: string;
  /** order conditions: the period of the orders counted; default all of them */
  period?: { lastDays?: number; from?: string; to?: string };
}

export type FilterNode = FilterGroup | FilterCondition;

export const MAX_DEPTH = 5;
export const MAX_CONDITIONS = 100;
const MAX_LIST = 500;
const MAX_TEXT = 200;

export type FieldKind = 'text' | 'enum' | 'user' | 'team' | 'tags' | 'date' | 'count' | 'money' | 'share' | 'boolean' | 'multiselect' | 'number';

/** Where a field's values come from, which decides how it is compiled to SQL. */
export type FieldSource = 'column' | 'region' | 'owner' | 'team' | 'tags' | 'interaction' | 'orders' | 'analytic' | 'custom';

export interface FieldSpec {
  kind: FieldKind;
  source: FieldSource;
  /** the column of `customers` (column fields) */
  column?: string;
  /** allowed values (enum fields) */
  values?: readonly string[];
  nullable?: boolean;
}

export const SEGMENT_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'text', source: 'column', column: 'name' },
  kind: { kind: 'enum', source: 'column', column: 'kind', values: CUSTOMER_KINDS },
  stage: { kind: 'enum', source: 'column', column: 'stage', values: CUSTOMER_STAGES },
  level: { kind: 'enum', source: 'column', column: 'level', values: CUSTOMER_LEVELS, nullable: true },
  source: { kind: 'text', source: 'column', column: 'source', nullable: true },
  industry: { kind: 'text', source: 'column', column: 'industry', nullable: true },
  country: { kind: 'text', source: 'column', column: 'country', nullable: true },
  province: { kind: 'text', source: 'column', column: 'province', nullable: true },
  city: { kind: 'text', source: 'column', column: 'city', nullable: true },
  region: { kind: 'text', source: 'region', nullable: true },
  address: { kind: 'text', source: 'column', column: 'address', nullable: true },
  website: { kind: 'text', source: 'column', column: 'website', nullable: true },
  owner: { kind: 'user', source: 'owner', nullable: true },
  team: { kind: 'team', source: 'team' },
  tags: { kind: 'tags', source: 'tags' },
  createdAt: { kind: 'date', source: 'column', column: 'created_at' },
  updatedAt: { kind: 'date', source: 'column', column: 'updated_at' },
  lastInteractionAt: { kind: 'date', source: 'interaction', nullable: true },
  orderCount: { kind: 'count', source: 'orders' },
  orderTotal: { kind: 'money', source: 'orders' },
  lastOrderAt: { kind: 'date', source: 'orders', nullable: true },
  rfmGroup: { kind: 'enum', source: 'analytic', values: RFM_GROUPS },
  abcClass: { kind: 'enum', source: 'analytic', values: ABC_CLASSES },
  churnRisk: { kind: 'share', source: 'analytic' },
  clv: { kind: 'money', source: 'analytic' },
};

const TEXT_OPS = ['eq', 'neq', 'contains', 'notContains', 'startsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty'] as const;
const ENUM_OPS = ['eq', 'neq', 'in', 'notIn'] as const;
const EMPTY_OPS = ['isEmpty', 'isNotEmpty'] as const;
const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
const DATE_OPS = ['before', 'after', 'between', 'withinLastDays', 'notWithinLastDays'] as const;
const SET_OPS = ['hasAny', 'hasAll', 'hasNone'] as const;

/** The operators a field of this kind takes. */
export function operatorsFor(spec: FieldSpec): readonly string[] {
  const empty = spec.nullable ? EMPTY_OPS : [];
  switch (spec.kind) {
    case 'text':
      return TEXT_OPS;
    case 'enum':
      return [...ENUM_OPS, ...empty];
    case 'user':
      return [...ENUM_OPS, ...empty];
    case 'team':
      return ['in', 'notIn'];
    case 'tags':
    case 'multiselect':
      return SET_OPS;
    case 'date':
      return [...DATE_OPS, ...empty];
    case 'count':
    case 'money':
    case 'share':
    case 'number':
      return NUMBER_OPS;
    case 'boolean':
      return ['eq'];
  }
}

/** A custom field as a filter sees it. */
export interface CustomFieldInfo {
  key: string;
  type: CustomFieldType;
  options: readonly string[] | null;
  sensitive: boolean;
}

const CUSTOM_KIND: Record<CustomFieldType, FieldKind> = { text: 'text', number: 'number', date: 'date', select: 'enum', multiselect: 'multiselect', boolean: 'boolean' };

/** The spec of a field name, custom fields (`custom.<key>`) included; null when unknown. */
export function fieldSpec(field: string, custom: ReadonlyMap<string, CustomFieldInfo>): FieldSpec | null {
  if (Object.hasOwn(SEGMENT_FIELDS, field)) return SEGMENT_FIELDS[field] as FieldSpec;
  if (!field.startsWith('custom.')) return null;
  const def = custom.get(field.slice('custom.'.length));
  if (!def) return null;
  return { kind: CUSTOM_KIND[def.type], source: 'custom', column: def.key, nullable: true, ...(def.options ? { values: def.options } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** References a filter makes to other records, checked against the database by the caller. */
export interface FilterRefs {
  users: Set<number>;
  teams: Set<number>;
  tags: Set<string>;
}

/**
 * Checks a filter tree strictly: shape, depth, number of conditions, known fields, operators
 * the field takes and values of the right type. Every problem is an error naming its place
 * (`filter.conditions[1].value`). Collects the users, teams and tags the filter names.
 */
export function checkFilter(input: unknown, custom: ReadonlyMap<string, CustomFieldInfo>, errors: FieldError[], path = 'filter'): FilterRefs {
  const refs: FilterRefs = { users: new Set(), teams: new Set(), tags: new Set() };
  let conditions = 0;
  const walk = (node: unknown, at: string, depth: number): void => {
    if (!isObject(node)) return void errors.push(codedField(at, 'segment.node_shape'));
    if ('op' in node || 'conditions' in node) {
      if (depth >= MAX_DEPTH) return void errors.push(codedField(at, 'segment.too_deep', { limit: MAX_DEPTH }));
      const extra = Object.keys(node).filter((k) => k !== 'op' && k !== 'conditions');
      for (const k of extra) errors.push(codedField(`${at}.${k}`, 'segment.group_key'));
      if (node.op !== 'and' && node.op !== 'or') errors.push(codedField(`${at}.op`, 'segment.op'));
      if (!Array.isArray(node.conditions)) return void errors.push(codedField(`${at}.conditions`, 'field.array'));
      if (node.conditions.length === 0) errors.push(codedField(`${at}.conditions`, 'segment.no_conditions'));
      node.conditions.forEach((child, i) => {
        if (conditions <= MAX_CONDITIONS) walk(child, `${at}.conditions[${i}]`, depth + 1);
      });
      return;
    }
    if (++conditions > MAX_CONDITIONS) return void errors.push(codedField(at, 'segment.too_many_conditions', { limit: MAX_CONDITIONS }));
    checkCondition(node, at, custom, errors, refs);
  };
  walk(input, path, 0);
  return refs;
}

function checkCondition(node: Record<string, unknown>, at: string, custom: ReadonlyMap<string, CustomFieldInfo>, errors: FieldError[], refs: FilterRefs): void {
  for (const k of Object.keys(node)) if (!['field', 'operator', 'value', 'currency', 'period'].includes(k)) errors.push(codedField(`${at}.${k}`, 'segment.condition_key'));
  if (typeof node.field !== 'string') return void errors.push(codedField(`${at}.field`, 'field.required'));
  if (node.field.startsWith('custom.') && [...custom.values()].some((c) => c.sensitive && `custom.${c.key}` === node.field)) {
    return void errors.push(codedField(`${at}.field`, 'segment.encrypted', { field: node.field }));
  }
  const spec = fieldSpec(node.field, custom);
  if (!spec) return void errors.push(codedField(`${at}.field`, 'segment.unknown_field', { field: node.field.slice(0, 60) }));
  const operators = operatorsFor(spec);
  if (typeof node.operator !== 'string' || !operators.includes(node.operator)) {
    return void errors.push(codedField(`${at}.operator`, 'segment.operator', { operators: operators.join(', '), field: node.field }));
  }
  checkValue(spec, node.operator, node.value, `${at}.value`, errors, refs);
  const moneyLike = spec.source === 'orders' || spec.source === 'analytic';
  if (node.currency !== undefined) {
    const problem = typeof node.currency === 'string' ? currencyError(`${at}.currency`, node.currency) : codedField(`${at}.currency`, 'field.currency_form');
    if (!moneyLike) errors.push(codedField(`${at}.currency`, 'segment.no_currency', { field: node.field }));
    else if (problem) errors.push(problem);
  } else if (spec.kind === 'money') {
    errors.push(codedField(`${at}.currency`, 'segment.currency_required'));
  }
  if (node.period !== undefined) {
    if (spec.source !== 'orders') errors.push(codedField(`${at}.period`, 'segment.no_period', { field: node.field }));
    else checkPeriod(node.period, `${at}.period`, errors);
  }
}

function checkPeriod(period: unknown, at: string, errors: FieldError[]): void {
  if (!isObject(period)) return void errors.push(codedField(at, 'segment.period_shape'));
  for (const k of Object.keys(period)) if (!['lastDays', 'from', 'to'].includes(k)) errors.push(codedField(`${at}.${k}`, 'segment.period_key'));
  if (period.lastDays !== undefined) {
    if (!isCount(period.lastDays) || period.lastDays < 1 || period.lastDays > 36_500) errors.push(codedField(`${at}.lastDays`, 'segment.days', { max: 36_500 }));
    if (period.from !== undefined || period.to !== undefined) errors.push(codedField(at, 'segment.period_both'));
  }
  for (const k of ['from', 'to'] as const) {
    if (period[k] !== undefined && !(typeof period[k] === 'string' && isStorableDate(period[k]))) errors.push(codedField(`${at}.${k}`, 'segment.date'));
  }
  if (typeof period.from === 'string' && typeof period.to === 'string' && period.from > period.to) errors.push(codedField(`${at}.from`, 'segment.from_after_to'));
}

function checkValue(spec: FieldSpec, operator: string, value: unknown, at: string, errors: FieldError[], refs: FilterRefs): void {
  const fail = (code: MessageCode, params?: MessageParams): void => void errors.push(codedField(at, code, params));
  if (operator === 'isEmpty' || operator === 'isNotEmpty') return value === undefined ? undefined : fail('segment.left_out', { operator });
  if (value === undefined) return fail('field.required');
  const list = operator === 'in' || operator === 'notIn' || spec.kind === 'tags' || spec.kind === 'multiselect' || spec.kind === 'team';
  if (list) {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) return fail('segment.list', { max: MAX_LIST });
    value.forEach((v, i) => checkOne(spec, v, `${at}[${i}]`, errors, refs));
    return;
  }
  if (operator === 'between') {
    if (!Array.isArray(value) || value.length !== 2) return fail('segment.between');
    value.forEach((v, i) => checkOne(spec, v, `${at}[${i}]`, errors, refs));
    if (typeof value[0] === typeof value[1] && (value[0] as number | string) > (value[1] as number | string)) fail('segment.from_le_to');
    return;
  }
  if (operator === 'withinLastDays' || operator === 'notWithinLastDays') {
    return isCount(value) && value >= 1 && value <= 36_500 ? undefined : fail('segment.days', { max: 36_500 });
  }
  if ((operator === 'contains' || operator === 'notContains' || operator === 'startsWith') && !(isText(value) && value.trim() !== '')) return fail('segment.text_range', { max: MAX_TEXT });
  checkOne(spec, value, at, errors, refs);
}

function checkOne(spec: FieldSpec, v: unknown, at: string, errors: FieldError[], refs: FilterRefs): void {
  const fail = (code: MessageCode, params?: MessageParams): void => void errors.push(codedField(at, code, params));
  switch (spec.kind) {
    case 'text':
      return isText(v) ? undefined : fail('segment.text_max', { max: MAX_TEXT });
    case 'enum':
    case 'multiselect':
      if (!isText(v)) return fail('segment.text');
      return spec.values && !spec.values.includes(v) ? fail('segment.one_of', { values: spec.values.join(', ') }) : undefined;
    case 'user':
      if (v === 'me') return;
      if (!isCount(v) || v < 1) return fail('segment.user');
      refs.users.add(v);
      return;
    case 'team':
      if (!isCount(v) || v < 1) return fail('segment.team');
      refs.teams.add(v);
      return;
    case 'tags':
      if (!isText(v) || v.trim() === '') return fail('segment.tag');
      refs.tags.add(v);
      return;
    case 'date':
      return typeof v === 'string' && isStorableDate(v) ? undefined : fail('segment.date');
    case 'count':
      return isCount(v) ? undefined : fail('segment.count');
    case 'money':
      return isCount(v) ? undefined : fail('segment.minor_units');
    case 'share':
      return typeof v === 'number' && v >= 0 && v <= 1 ? undefined : fail('segment.share');
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : fail('segment.number');
    case 'boolean':
      return typeof v === 'boolean' ? undefined : fail('field.boolean');
  }
}

export const isGroup = (node: FilterNode): node is FilterGroup => 'op' in node;
