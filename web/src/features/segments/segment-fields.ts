// The fields a segment filters on and the operators each takes, as src/domain/segment-filter.ts
// defines them, repeated here so the bundle does not carry TypeBox (test/analytics/segment-fields-web.test.ts
// fails if the two drift apart).

const CUSTOMER_KINDS = ['company', 'person'] as const;
const CUSTOMER_STAGES = ['lead', 'prospect', 'customer', 'churned', 'lost'] as const;
const CUSTOMER_LEVELS = ['A', 'B', 'C'] as const;

export type FieldKind = 'text' | 'enum' | 'user' | 'team' | 'tags' | 'date' | 'count' | 'money' | 'share' | 'number' | 'multiselect' | 'boolean';
export type FieldSource = 'column' | 'region' | 'owner' | 'team' | 'tags' | 'interaction' | 'orders' | 'analytic' | 'custom';

export const RFM_GROUP_NAMES = ['champions', 'loyal', 'potential_loyalists', 'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cannot_lose', 'hibernating', 'lost'] as const;
export const ABC_CLASS_NAMES = ['A', 'B', 'C'] as const;

export interface FieldInfo {
  kind: FieldKind;
  source: FieldSource;
  values?: readonly string[];
  nullable?: boolean;
}

const text = (source: FieldSource = 'column', nullable = true): FieldInfo => ({ kind: 'text', source, nullable });

export const FIELDS = {
  name: text('column', false),
  kind: { kind: 'enum', source: 'column', values: CUSTOMER_KINDS },
  stage: { kind: 'enum', source: 'column', values: CUSTOMER_STAGES },
  level: { kind: 'enum', source: 'column', values: CUSTOMER_LEVELS, nullable: true },
  source: text(),
  industry: text(),
  country: text(),
  province: text(),
  city: text(),
  region: text('region'),
  address: text(),
  website: text(),
  owner: { kind: 'user', source: 'owner', nullable: true },
  team: { kind: 'team', source: 'team' },
  tags: { kind: 'tags', source: 'tags' },
  createdAt: { kind: 'date', source: 'column' },
  updatedAt: { kind: 'date', source: 'column' },
  lastInteractionAt: { kind: 'date', source: 'interaction', nullable: true },
  orderCount: { kind: 'count', source: 'orders' },
  orderTotal: { kind: 'money', source: 'orders' },
  lastOrderAt: { kind: 'date', source: 'orders', nullable: true },
  rfmGroup: { kind: 'enum', source: 'analytic', values: RFM_GROUP_NAMES },
  abcClass: { kind: 'enum', source: 'analytic', values: ABC_CLASS_NAMES },
  churnRisk: { kind: 'share', source: 'analytic' },
  clv: { kind: 'money', source: 'analytic' },
} as const satisfies Record<string, FieldInfo>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

const TEXT_OPS = ['eq', 'neq', 'contains', 'notContains', 'startsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty'] as const;
const ENUM_OPS = ['eq', 'neq', 'in', 'notIn'] as const;
const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
const DATE_OPS = ['before', 'after', 'between', 'withinLastDays', 'notWithinLastDays'] as const;
export const OPERATORS = [...new Set([...TEXT_OPS, ...NUMBER_OPS, ...DATE_OPS, 'hasAny', 'hasAll', 'hasNone'] as const)];
export type Operator = (typeof OPERATORS)[number];

/** The operators a field takes, in the order the domain lists them. */
export function operatorsOf(field: FieldInfo): readonly Operator[] {
  const empty = field.nullable ? (['isEmpty', 'isNotEmpty'] as const) : [];
  switch (field.kind) {
    case 'text':
      return TEXT_OPS;
    case 'enum':
    case 'user':
      return [...ENUM_OPS, ...empty];
    case 'team':
      return ['in', 'notIn'];
    case 'tags':
    case 'multiselect':
      return ['hasAny', 'hasAll', 'hasNone'];
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

/** A segment's filter as the API takes it. */
export interface Condition {
  field: string;
  operator: string;
  value?: unknown;
  currency?: string;
  period?: { lastDays?: number };
}
export interface Group {
  op: 'and' | 'or';
  conditions: Array<Group | Condition>;
}
export const isGroup = (node: Group | Condition): node is Group => 'op' in node;

/** A custom field as the builder offers it (`custom.<key>`); encrypted ones cannot be filtered on. */
export interface CustomFieldDef {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean';
  options: readonly string[] | null;
  sensitive: boolean;
}

const CUSTOM_KIND: Record<CustomFieldDef['type'], FieldKind> = { text: 'text', number: 'number', date: 'date', select: 'enum', multiselect: 'multiselect', boolean: 'boolean' };
export const CUSTOM_PREFIX = 'custom.';

/** The custom fields a segment can filter on (not the encrypted ones). */
export const filterableCustom = (defs: readonly CustomFieldDef[]): CustomFieldDef[] => defs.filter((d) => !d.sensitive);

/** A field's kind and values: a built-in one, or `custom.<key>` of one of `custom`. */
export function fieldInfo(name: string, custom: readonly CustomFieldDef[] = []): FieldInfo | undefined {
  if (Object.hasOwn(FIELDS, name)) return FIELDS[name as FieldName];
  if (!name.startsWith(CUSTOM_PREFIX)) return undefined;
  const def = filterableCustom(custom).find((d) => d.key === name.slice(CUSTOM_PREFIX.length));
  if (!def) return undefined;
  return { kind: CUSTOM_KIND[def.type], source: 'custom', nullable: true, ...(def.options ? { values: def.options } : {}) };
}
