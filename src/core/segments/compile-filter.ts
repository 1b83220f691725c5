import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { localToday } from '../../domain/analysis-window.ts';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { escapeLike } from '../db/dialects/dialect.ts';
import { fieldSpec, isGroup, type CustomFieldInfo, type FieldSpec, type FilterCondition, type FilterNode } from '../../domain/segment-filter.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Ctx } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { teamTree } from '../analytics/population.ts';
import { analyticIds } from './analytic-ids.ts';

type Eb = ExpressionBuilder<Schema, 'customers'>;
type Value = string | number | boolean;

const never = sql<boolean>`1 = 0`;
const DAY_MS = 86_400_000;

export interface CompileContext {
  ctx: Ctx;
  custom: ReadonlyMap<string, CustomFieldInfo>;
  utcOffset: number;
}

/** A validated filter tree as a condition on `customers` (see checkFilter for what it may hold). */
export async function compileFilter(c: CompileContext, node: FilterNode): Promise<Expression<SqlBool>> {
  const eb = expressionBuilder<Schema, 'customers'>();
  if (isGroup(node)) {
    const parts = [];
    for (const child of node.conditions) parts.push(await compileFilter(c, child));
    return node.op === 'and' ? eb.and(parts) : eb.or(parts);
  }
  const spec = fieldSpec(node.field, c.custom) as FieldSpec;
  return compileCondition(c, eb, spec, node);
}

/** Start of a calendar day (YYYY-MM-DD) at the analytics offset, as a UTC instant. */
const dayStart = (date: string, utcOffset: number, plusDays = 0) => new Date(Date.parse(`${date}T00:00:00Z`) + plusDays * DAY_MS - utcOffset * 60_000).toISOString();

async function compileCondition(c: CompileContext, eb: Eb, spec: FieldSpec, cond: FilterCondition): Promise<Expression<SqlBool>> {
  const { operator } = cond;
  const value = cond.value as Value | Value[] | undefined;
  switch (spec.source) {
    case 'column':
      if (spec.kind === 'date') return dateCondition(c, sql.ref(`customers.${spec.column}`), operator, value, false);
      return textCondition(eb, sql.ref(`customers.${spec.column}`), operator, value, spec.kind === 'text');
    case 'region': {
      const parts = ['customers.country', 'customers.province', 'customers.city'].map((col) => textCondition(eb, sql.ref(col), operator, value, true, true));
      // "not Shanghai" and "empty" hold only when no part of the address matches
      return ['neq', 'notIn', 'notContains', 'isEmpty'].includes(operator) ? eb.and(parts) : eb.or(parts);
    }
    case 'owner': {
      const ids = (Array.isArray(value) ? value : [value]).map((v) => (v === 'me' ? c.ctx.actor.userId : Number(v)));
      if (operator === 'isEmpty') return eb('customers.owner_id', 'is', null);
      if (operator === 'isNotEmpty') return eb('customers.owner_id', 'is not', null);
      if (operator === 'eq' || operator === 'in') return eb('customers.owner_id', 'in', ids);
      return eb.or([eb('customers.owner_id', 'is', null), eb('customers.owner_id', 'not in', ids)]);
    }
    case 'team': {
      const teams = new Set<number>();
      for (const id of value as number[]) for (const t of await teamTree(c.ctx, id)) teams.add(t);
      const inTeams = eb('customers.owner_id', 'in', eb.selectFrom('users').select('users.id').where('users.team_id', 'in', [...teams]));
      return operator === 'in' ? inTeams : eb.or([eb('customers.owner_id', 'is', null), eb.not(inTeams)]);
    }
    case 'tags':
      return tagCondition(eb, operator, (value as string[]).map(normaliseName));
    case 'interaction':
      return interactionCondition(c, eb, operator, value);
    case 'orders':
      return orderCondition(c, eb, cond);
    case 'analytic': {
      const ids = await analyticIds(c.ctx, cond);
      return c.ctx.dialect.idIn('customers.id', ids);
    }
    case 'custom':
      return customCondition(c, eb, spec, operator, value);
  }
}

function textCondition(eb: Eb, column: Expression<unknown>, operator: string, value: Value | Value[] | undefined, caseless: boolean, region = false): Expression<SqlBool> {
  const lower = (e: Expression<unknown>) => (caseless ? sql`lower(${e})` : e);
  const variants = (v: Value): string[] => {
    const text = String(v).trim();
    const base = caseless ? text.toLowerCase() : text;
    // 上海 matches 上海市; 广东 matches 广东省
    return region ? [...new Set([base, base.replace(/[市省区]$/u, ''), `${base.replace(/[市省区]$/u, '')}市`, `${base.replace(/[市省区]$/u, '')}省`])] : [base];
  };
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap(variants);
  const isNull = eb(column as never, 'is', null);
  const empty = eb.or([isNull, sql<boolean>`${column} = ''`]);
  switch (operator) {
    case 'eq':
    case 'in':
      return sql<boolean>`${lower(column)} in (${sql.join(list)})`;
    case 'neq':
    case 'notIn':
      return eb.or([isNull, sql<boolean>`${lower(column)} not in (${sql.join(list)})`]);
    case 'contains':
      return sql<boolean>`${lower(column)} like ${`%${escapeLike(list[0] as string)}%`} escape '\\'`;
    case 'notContains':
      return eb.or([isNull, sql<boolean>`${lower(column)} not like ${`%${escapeLike(list[0] as string)}%`} escape '\\'`]);
    case 'startsWith':
      return sql<boolean>`${lower(column)} like ${`${escapeLike(list[0] as string)}%`} escape '\\'`;
    case 'isEmpty':
      return empty;
    case 'isNotEmpty':
      return eb.not(empty);
  }
  return never;
}

/** The instants a date operator compares with: [from, to) at the analytics offset. */
function dateRange(c: CompileContext, operator: string, value: Value | Value[] | undefined): { from: string | null; to: string | null; negate: boolean } {
  const today = localToday(c.ctx.clock.now(), c.utcOffset);
  switch (operator) {
    case 'before':
      return { from: null, to: dayStart(value as string, c.utcOffset), negate: false };
    case 'after':
      return { from: dayStart(value as string, c.utcOffset, 1), to: null, negate: false };
    case 'between': {
      const [a, b] = value as [string, string];
      return { from: dayStart(a, c.utcOffset), to: dayStart(b, c.utcOffset, 1), negate: false };
    }
    case 'withinLastDays':
      return { from: dayStart(today, c.utcOffset, 1 - (value as number)), to: null, negate: false };
    default:
      return { from: dayStart(today, c.utcOffset, 1 - (value as number)), to: null, negate: true };
  }
}

function dateCondition(c: CompileContext, column: Expression<unknown>, operator: string, value: Value | Value[] | undefined, nullable: boolean): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'customers'>();
  if (operator === 'isEmpty') return eb(column as never, 'is', null);
  if (operator === 'isNotEmpty') return eb(column as never, 'is not', null);
  const { from, to, negate } = dateRange(c, operator, value);
  const parts: Expression<SqlBool>[] = [];
  if (from !== null) parts.push(sql<boolean>`${column} >= ${from}`);
  if (to !== null) parts.push(sql<boolean>`${column} < ${to}`);
  const inRange = eb.and(parts);
  return negate ? (nullable ? eb.or([eb(column as never, 'is', null), eb.not(inRange)]) : eb.not(inRange)) : inRange;
}

function tagCondition(eb: Eb, operator: string, names: string[]): Expression<SqlBool> {
  const tagged = (name: string[]) =>
    eb.exists(
      eb
        .selectFrom('customer_tags')
        .innerJoin('tags', 'tags.id', 'customer_tags.tag_id')
        .select('customer_tags.tag_id')
        .whereRef('customer_tags.customer_id', '=', 'customers.id')
        .where('tags.name', 'in', name)
        .where('tags.deleted_at', 'is', null),
    );
  if (operator === 'hasAny') return tagged(names);
  if (operator === 'hasNone') return eb.not(tagged(names));
  return eb.and(names.map((n) => tagged([n])));
}

function interactionCondition(c: CompileContext, eb: Eb, operator: string, value: Value | Value[] | undefined): Expression<SqlBool> {
  const any = (from: string | null, to: string | null) =>
    eb.exists(
      eb
        .selectFrom('interactions')
        .select('interactions.id')
        .whereRef('interactions.customer_id', '=', 'customers.id')
        .where('interactions.deleted_at', 'is', null)
        .$if(from !== null, (q) => q.where('interactions.occurred_at', '>=', from as string))
        .$if(to !== null, (q) => q.where('interactions.occurred_at', '<', to as string)),
    );
  if (operator === 'isEmpty') return eb.not(any(null, null));
  if (operator === 'isNotEmpty') return any(null, null);
  const { from, to, negate } = dateRange(c, operator, value);
  // the last interaction falls in [from, to): one does, and none comes after `to`
  const last = to === null ? any(from, null) : eb.and([any(from, to), eb.not(any(to, null))]);
  return negate ? eb.not(last) : last;
}

function orderCondition(c: CompileContext, eb: Eb, cond: FilterCondition): Expression<SqlBool> {
  const { field, operator, currency, period } = cond;
  const value = cond.value as Value | Value[] | undefined;
  if (period === undefined) {
    // all orders: the kept per-customer figures answer without reading orders
    const stats = eb.selectFrom('customer_order_stats as s').whereRef('s.customer_id', '=', 'customers.id').$if(currency !== undefined, (q) => q.where('s.currency', '=', currency as string));
    if (field === 'lastOrderAt') {
      const last = stats.select(sql<string>`max(${sql.ref('s.last_order_at')})`.as('v'));
      return dateCondition(c, sql`(${last})`, operator, value, true);
    }
    const column = field === 'orderCount' ? 's.orders' : 's.total';
    return numberCondition(sql`coalesce((${stats.select(sql<number>`sum(${sql.ref(column)})`.as('v'))}), 0)`, operator, value);
  }
  const today = localToday(c.ctx.clock.now(), c.utcOffset);
  const window = period.lastDays !== undefined
    ? { from: dayStart(today, c.utcOffset, 1 - period.lastDays), to: dayStart(today, c.utcOffset, 1) }
    : { from: period.from === undefined ? null : dayStart(period.from, c.utcOffset), to: period.to === undefined ? null : dayStart(period.to, c.utcOffset, 1) };
  const orders = eb
    .selectFrom('orders')
    .whereRef('orders.customer_id', '=', 'customers.id')
    .where('orders.deleted_at', 'is', null)
    .where('orders.status', 'not in', VOID_ORDER_STATUSES)
    .$if(window.from !== null, (q) => q.where('orders.ordered_at', '>=', window.from as string))
    .$if(window.to !== null, (q) => q.where('orders.ordered_at', '<', window.to as string))
    .$if(currency !== undefined, (q) => q.where('orders.currency', '=', currency as string));
  if (field === 'lastOrderAt') return dateCondition(c, sql`(${orders.select(sql<string>`max(${sql.ref('orders.ordered_at')})`.as('v'))})`, operator, value, true);
  const aggregate = field === 'orderCount' ? sql<number>`count(*)` : sql<number>`coalesce(sum(${sql.ref('orders.total')}), 0)`;
  return numberCondition(sql`(${orders.select(aggregate.as('v'))})`, operator, value);
}

function numberCondition(left: Expression<unknown>, operator: string, value: Value | Value[] | undefined): Expression<SqlBool> {
  const ops: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
  if (operator === 'between') {
    const [a, b] = value as [number, number];
    return sql<boolean>`${left} between ${a} and ${b}`;
  }
  return sql<boolean>`${left} ${sql.raw(ops[operator] ?? '=')} ${value as number}`;
}

function customCondition(c: CompileContext, eb: Eb, spec: FieldSpec, operator: string, value: Value | Value[] | undefined): Expression<SqlBool> {
  const key = spec.column as string;
  const text = c.ctx.dialect.jsonText('customers.custom', key);
  switch (spec.kind) {
    case 'number': {
      if (operator === 'neq') return eb.or([eb(text as never, 'is', null), numberCondition(sql`cast(${text} as double precision)`, 'neq', value)]);
      return eb.and([eb(text as never, 'is not', null), numberCondition(sql`cast(${text} as double precision)`, operator, value)]);
    }
    case 'boolean':
      // SQLite reads JSON true as 1, PostgreSQL as 'true'
      return value === true ? sql<boolean>`${text} in ('true', '1')` : eb.or([eb(text as never, 'is', null), sql<boolean>`${text} in ('false', '0')`]);
    case 'date':
      return customDate(c, eb, text, operator, value);
    case 'multiselect': {
      const has = (v: Value) => sql<boolean>`${text} like ${`%${escapeLike(JSON.stringify(v))}%`} escape '\\'`;
      const list = value as string[];
      if (operator === 'hasAny') return eb.or(list.map(has));
      if (operator === 'hasAll') return eb.and(list.map(has));
      return eb.or([eb(text as never, 'is', null), eb.not(eb.or(list.map(has)))]);
    }
    default:
      return textCondition(eb, text, operator, value, spec.kind === 'text');
  }
}

/** Custom dates are stored YYYY-MM-DD: they compare as text. */
function customDate(c: CompileContext, eb: Eb, text: Expression<unknown>, operator: string, value: Value | Value[] | undefined): Expression<SqlBool> {
  if (operator === 'isEmpty') return eb(text as never, 'is', null);
  if (operator === 'isNotEmpty') return eb(text as never, 'is not', null);
  const today = localToday(c.ctx.clock.now(), c.utcOffset);
  const minus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
  switch (operator) {
    case 'before':
      return sql<boolean>`${text} < ${value as string}`;
    case 'after':
      return sql<boolean>`${text} > ${value as string}`;
    case 'between': {
      const [a, b] = value as [string, string];
      return sql<boolean>`${text} between ${a} and ${b}`;
    }
    case 'withinLastDays':
      return sql<boolean>`${text} between ${minus((value as number) - 1)} and ${today}`;
    default:
      return eb.or([eb(text as never, 'is', null), eb.not(sql<boolean>`${text} between ${minus((value as number) - 1)} and ${today}`)]);
  }
}

