// The enumerations of src/domain, repeated here so the bundle does not carry TypeBox; the
// `Exact` checks fail to compile if the domain gains or loses a value.
import { displayName, type ValueGroup } from '../../../src/domain/display-names.ts';
import { currentLanguage } from '../app/i18n/index.ts';
import type { CustomerFilter, CustomerShape, InteractionShape, OrderShape } from './api.ts';

type Exact<List extends readonly string[], Union extends string> = [Exclude<Union, List[number]>] extends [never] ? List : never;
const exact = <Union extends string>() => <const List extends readonly Union[]>(list: Exact<List, Union>) => list;

export const CUSTOMER_KINDS = exact<CustomerShape['kind']>()(['company', 'person']);
export const CUSTOMER_STAGES = exact<CustomerShape['stage']>()(['lead', 'prospect', 'customer', 'churned', 'lost']);
export const CUSTOMER_LEVELS = exact<NonNullable<CustomerShape['level']>>()(['A', 'B', 'C']);
export const CUSTOMER_SORTS = exact<NonNullable<CustomerFilter['sort']>>()(['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'name', '-name']);
export const INTERACTION_TYPES = exact<InteractionShape['type']>()(['call', 'visit', 'meeting', 'wechat', 'email', 'note', 'support']);

/** A stored value as the reader calls it in the interface's language ("lead" → 线索, "Website" → 官网, "CN" → 中国). */
export const valueName = (group: ValueGroup | 'countries', value: string | null | undefined): string => displayName(currentLanguage(), group, value);
export const ORDER_STATUSES = exact<OrderShape['status']>()(['pending', 'paid', 'shipped', 'completed', 'cancelled', 'refunded']);
