import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_SORTS, CUSTOMER_STAGES } from '../../lib/domain-values.ts';
import type { CustomerFilter } from '../../lib/api.ts';

export { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_SORTS, CUSTOMER_STAGES };

type Sort = (typeof CUSTOMER_SORTS)[number];
const FILTER_KEYS = ['q', 'owner', 'stage', 'level', 'kind', 'tag', 'city', 'createdFrom', 'createdTo', 'lastContactFrom', 'lastContactTo', 'sort'] as const;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** The list's filters as they sit in the address bar, so Back and shared links restore them. */
export function filterFromSearch(search: URLSearchParams): CustomerFilter {
  const owner = Number(search.get('owner'));
  const text = (key: string) => search.get(key)?.trim() || undefined;
  return {
    q: text('q'),
    owner: Number.isInteger(owner) && owner > 0 ? owner : undefined,
    stage: oneOf(CUSTOMER_STAGES, search.get('stage')),
    level: oneOf(CUSTOMER_LEVELS, search.get('level')),
    kind: oneOf(CUSTOMER_KINDS, search.get('kind')),
    tag: text('tag'),
    city: text('city'),
    createdFrom: text('createdFrom'),
    createdTo: text('createdTo'),
    lastContactFrom: text('lastContactFrom'),
    lastContactTo: text('lastContactTo'),
    sort: oneOf<Sort>(CUSTOMER_SORTS, search.get('sort')),
  };
}

export function searchFromFilter(filter: CustomerFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Without the search text and the sort: what "clear filters" clears. */
export const hasFilters = (filter: CustomerFilter) => FILTER_KEYS.some((k) => k !== 'q' && k !== 'sort' && filter[k] !== undefined);

/** Drops empty values so two equal filters make one cache key. */
export const compact = (filter: CustomerFilter): CustomerFilter =>
  Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as CustomerFilter;
