import type { Kysely } from 'kysely';
import type { Schema } from '../src/core/db/schema.ts';

export type QueryKind = 'name zh 2-char' | 'zh 2-char inside a name' | 'name zh 3-char' | 'name latin' | 'company' | 'pinyin' | 'initials' | 'phone fragment' | 'email fragment';

const HAN_ONLY = /^\p{Script=Han}+$/u;
const SAMPLE_ROWS = 3_000;

function take(values: string[], count: number): string[] {
  const distinct = [...new Set(values.filter(Boolean))];
  if (distinct.length === 0) return [];
  return Array.from({ length: count }, (_, i) => distinct[i % distinct.length] as string);
}

/** Ids spread evenly over the table, for queries and for the read-one test. */
export async function spreadIds(db: Kysely<Schema>, count: number): Promise<number[]> {
  const { last } = await db.selectFrom('customers').select((eb) => eb.fn.max('id').as('last')).executeTakeFirstOrThrow();
  const max = Number(last ?? 0);
  return [...new Set(Array.from({ length: count }, (_, k) => 1 + Math.floor((k * max) / count)))];
}

type NamedRow = { name: string };

/** Two Chinese characters from inside names: a company's brand or trade, or a three-character person's given name. */
function insideWords(companies: NamedRow[], persons: NamedRow[]): string[] {
  const words = companies.flatMap((r) => [r.name.slice(2, 4), r.name.slice(4, 6)]);
  const given = persons.filter((r) => r.name.length === 3).map((r) => r.name.slice(1));
  return words.flatMap((word, i) => (given[i] === undefined ? [word] : [word, given[i] as string]));
}

/** Realistic search-box entries taken from the stored customers: what a user would type to find them. */
export async function sampleQueries(db: Kysely<Schema>, perKind: number): Promise<Map<QueryKind, string[]>> {
  const ids = await spreadIds(db, SAMPLE_ROWS);
  const rows = await db.selectFrom('customers').select(['id', 'kind', 'name', 'name_pinyin', 'name_initials']).where('id', 'in', ids).execute();
  const points = await db.selectFrom('contact_points').select(['kind', 'value']).where('customer_id', 'in', ids).execute();
  const zhPersons = rows.filter((r) => r.kind === 'person' && HAN_ONLY.test(r.name));
  const latinPersons = rows.filter((r) => r.kind === 'person' && !HAN_ONLY.test(r.name));
  const zhCompanies = rows.filter((r) => r.kind === 'company' && r.name.endsWith('有限公司'));
  const phones = points.filter((p) => p.kind === 'phone').map((p) => p.value.slice(-8));
  return new Map<QueryKind, string[]>([
    ['name zh 2-char', take(zhPersons.filter((r) => r.name.length === 2).map((r) => r.name), perKind)],
    // The short name people look companies up by (星辰, 科技) and a given name (伟强 of 张伟强): never at the start.
    ['zh 2-char inside a name', take(insideWords(zhCompanies, zhPersons), perKind)],
    ['name zh 3-char', take(zhPersons.filter((r) => r.name.length === 3).map((r) => r.name), perKind)],
    ['name latin', take(latinPersons.map((r, i) => (i % 2 === 0 ? r.name : (r.name.split(' ').pop() ?? r.name))), perKind)],
    ['company', take(zhCompanies.map((r) => r.name.slice(2, -4)), perKind)],
    ['pinyin', take(zhPersons.map((r) => r.name_pinyin), perKind)],
    ['initials', take(zhPersons.map((r) => r.name_initials), perKind)],
    ['phone fragment', take(phones.map((d) => `${d.slice(0, 4)} ${d.slice(4)}`), perKind)],
    ['email fragment', take(points.filter((p) => p.kind === 'email').map((p) => p.value.split('@')[0] ?? ''), perKind)],
  ]);
}
