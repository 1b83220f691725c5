import type { NormalisedPoint } from '../../domain/contact-point.ts';
import type { MatchKey } from '../../domain/import-mapping.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Deps } from '../context.ts';

export type MatchTable = 'customers' | 'contacts';

export interface Identity {
  points: Array<Pick<NormalisedPoint, 'kind' | 'value'>>;
  externalId: string | null;
  name: string;
  /** for contacts: the customer they belong to ("name + company") */
  customerId?: number | null;
}

const IN_LIST = 4_096;

/** The keys that make a record the same as another, for the chosen `matchOn`. */
export function identityKeys(identity: Identity, matchOn: readonly MatchKey[]): string[] {
  const keys: string[] = [];
  for (const key of matchOn) {
    if (key === 'externalId' && identity.externalId) keys.push(`x:${identity.externalId}`);
    if (key === 'email' || key === 'phone') for (const p of identity.points) if (p.kind === key) keys.push(`${key}:${p.value}`);
    if (key === 'name') keys.push(`name:${normaliseName(identity.name).toLowerCase()}|${identity.customerId ?? ''}`);
  }
  return keys;
}

/**
 * An `in (…)` list padded to a power of two by repeating its first value: the SQLite driver
 * caches a prepared statement per SQL text, and one text per list length would fill that
 * cache with large one-off statements.
 */
export function padded<T>(list: T[]): T[] {
  if (list.length === 0) return list;
  let size = 16;
  while (size < list.length) size *= 2;
  return size === list.length ? list : [...list, ...Array<T>(size - list.length).fill(list[0] as T)];
}

function* slices<T>(list: T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += IN_LIST) yield padded(list.slice(i, i + IN_LIST));
}

/**
 * Live records holding any of `keys`, key → their ids, lowest first. Looks at every live record,
 * not only those the importer sees; which of them the importer may see, and change, is the
 * caller's to check (planDuplicates).
 */
export async function findExisting(deps: Pick<Deps, 'db'>, table: MatchTable, keys: Iterable<string>): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  const put = (key: string, id: number) => {
    const ids = found.get(key);
    if (ids === undefined) found.set(key, [Number(id)]);
    else if (!ids.includes(Number(id))) ids.push(Number(id));
  };
  const byKind = { email: [] as string[], phone: [] as string[], x: [] as string[], name: [] as string[] };
  for (const key of new Set(keys)) {
    const at = key.indexOf(':');
    const kind = key.slice(0, at) as keyof typeof byKind;
    byKind[kind]?.push(key.slice(at + 1));
  }
  for (const kind of ['email', 'phone'] as const) {
    for (const values of slices([...new Set(byKind[kind])])) {
      const points = deps.db
        .selectFrom('contact_points')
        .select(['contact_points.customer_id', 'contact_points.contact_id', 'contact_points.value'])
        .where('contact_points.kind', '=', kind)
        .where('contact_points.value', 'in', values);
      const rows =
        table === 'customers'
          ? await points.innerJoin('customers', 'customers.id', 'contact_points.customer_id').where('customers.deleted_at', 'is', null).execute()
          : await points.innerJoin('contacts', 'contacts.id', 'contact_points.contact_id').where('contacts.deleted_at', 'is', null).execute();
      for (const r of rows) put(`${kind}:${r.value}`, Number(table === 'customers' ? r.customer_id : r.contact_id));
    }
  }
  for (const values of slices(byKind.x)) {
    const rows = await deps.db.selectFrom(table).select(['id', 'external_id']).where('external_id', 'in', values).where('deleted_at', 'is', null).execute();
    for (const r of rows) put(`x:${r.external_id}`, r.id);
  }
  // kehu's own vCard UID of a record without an external id (kehu-contact-12) names that record.
  const ownUid = new RegExp(`^kehu-${table === 'customers' ? 'customer' : 'contact'}-(\\d{1,15})$`);
  const own = byKind.x.flatMap((x) => (ownUid.test(x) ? [Number(ownUid.exec(x)?.[1])] : []));
  for (const ids of slices(own)) {
    const rows = await deps.db.selectFrom(table).select('id').where('id', 'in', ids).where('external_id', 'is', null).where('deleted_at', 'is', null).execute();
    for (const r of rows) put(`x:kehu-${table === 'customers' ? 'customer' : 'contact'}-${r.id}`, r.id);
  }
  const names = [...new Set(byKind.name.map((v) => v.slice(0, v.lastIndexOf('|'))))];
  for (const values of slices(names)) {
    // Names are stored normalised; the key is also lower-cased, so compare both ways.
    const rows =
      table === 'customers'
        ? (await deps.db.selectFrom('customers').select(['id', 'name']).where('name', 'in', padded(values.flatMap(caseVariants))).where('deleted_at', 'is', null).execute()).map((r) => ({ ...r, customer_id: null }))
        : await deps.db.selectFrom('contacts').select(['id', 'name', 'customer_id']).where('name', 'in', padded(values.flatMap(caseVariants))).where('deleted_at', 'is', null).execute();
    for (const r of rows) put(`name:${r.name.toLowerCase()}|${r.customer_id ?? ''}`, r.id);
  }
  for (const ids of found.values()) ids.sort((x, y) => x - y);
  return found;
}

// The key is lower case; stored names keep their case. Matching the common spellings keeps the
// lookup on the index (Zhang Wei, zhang wei, ZHANG WEI); rarer mixes are the dedupe scan's job.
function caseVariants(lower: string): string[] {
  const title = lower.replace(/(^|\s)(\p{L})/gu, (_, s: string, c: string) => s + c.toUpperCase());
  return [...new Set([lower, title, lower.toUpperCase()])];
}
