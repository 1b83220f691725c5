import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SearchType } from '../../domain/search.ts';
import type { SearchQuery } from '../../domain/search-text.ts';
import { contactsQuery } from '../contacts/contacts.repository.ts';
import type { Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';
import type { SearchableTable } from '../db/dialects/dialect.ts';
import { withGramMatches, withMatches } from './match-query.ts';

/** Enough to rank well while a query matching half the table still answers fast. */
const CANDIDATES_PER_TABLE = 200;

export interface Candidate {
  type: SearchType;
  id: number;
  name: string;
  pinyin: string;
  initials: string;
  searchText: string;
  customerId: number | null;
}

interface CandidateRow {
  id: number;
  name: string;
  name_pinyin: string;
  name_initials: string;
  search_text: string;
  customer_id?: number | null;
}

/** Exact hits by indexed equality, so a common name behind the candidate cap is never lost. */
function isNamedExactly(table: SearchableTable, names: string[], query: SearchQuery): RawBuilder<SqlBool> {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql<boolean>`(${column('name')} in (${sql.join(names)}) or ${column('name_pinyin')} = ${query.compact} or ${column(
    'name_initials',
  )} = ${query.compact})`;
}

function toCandidates(type: SearchType, rows: CandidateRow[]): Candidate[] {
  const seen = new Set<number>();
  return rows
    .filter((row) => (seen.has(row.id) ? false : (seen.add(row.id), true)))
    .map((row) => ({
      type,
      id: Number(row.id),
      name: row.name,
      pinyin: row.name_pinyin,
      initials: row.name_initials,
      searchText: row.search_text,
      customerId: row.customer_id == null ? null : Number(row.customer_id),
    }));
}

/** Visible, non-deleted customers that match `query`: exact name hits first, then prefix and other matches, each up to the cap. */
export async function customerCandidates(ctx: Ctx, query: SearchQuery, names: string[]): Promise<Candidate[]> {
  const base = customersQuery(ctx)
    .select(['customers.id', 'customers.name', 'customers.name_pinyin', 'customers.name_initials', 'customers.search_text'])
    .where('customers.deleted_at', 'is', null)
    .limit(CANDIDATES_PER_TABLE);
  const exact = await base.where(isNamedExactly('customers', names, query)).execute();
  const matching = await withMatches(ctx.dialect, base, 'customers', query).execute();
  const inside = (await withGramMatches(ctx.dialect, base, 'customers', query)?.execute()) ?? [];
  return toCandidates('customer', [...exact, ...matching, ...inside]);
}

/** Visible, non-deleted contacts that match `query` (by their company's name too). */
export async function contactCandidates(ctx: Ctx, query: SearchQuery, names: string[]): Promise<Candidate[]> {
  const base = contactsQuery(ctx)
    .select(['contacts.id', 'contacts.name', 'contacts.name_pinyin', 'contacts.name_initials', 'contacts.search_text', 'contacts.customer_id'])
    .where('contacts.deleted_at', 'is', null)
    .limit(CANDIDATES_PER_TABLE);
  const exact = await base.where(isNamedExactly('contacts', names, query)).execute();
  const matching = await withMatches(ctx.dialect, base, 'contacts', query).execute();
  const inside = (await withGramMatches(ctx.dialect, base, 'contacts', query)?.execute()) ?? [];
  return toCandidates('contact', [...exact, ...matching, ...inside]);
}
