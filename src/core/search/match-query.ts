import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { SearchQuery } from '../../domain/search-text.ts';
import type { Dialect, SearchableTable } from '../db/dialects/dialect.ts';

/** The name, pinyin or initials start with the query: b-tree indexes serve short queries (zw, 张伟). */
function startsWithQuery(dialect: Dialect, table: SearchableTable, query: SearchQuery): RawBuilder<SqlBool> {
  const column = (name: string) => `${table}.${name}`;
  return sql<boolean>`(${sql.join(
    [
      dialect.startsWith(column('name'), query.text),
      dialect.startsWith(column('name_pinyin'), query.compact),
      dialect.startsWith(column('name_initials'), query.compact),
    ],
    sql` or `,
  )})`;
}

/**
 * The condition "this customer/contact matches what the user typed". Queries of three or more
 * characters use the trigram index over name, pinyin, initials, phones, emails and company;
 * shorter ones (zw, 张伟) match the start of the name, pinyin or initials through b-tree indexes,
 * and one or two CJK characters (星辰) also anywhere through the gram index.
 */
export function matchesQuery(dialect: Dialect, table: SearchableTable, query: SearchQuery): RawBuilder<SqlBool> {
  if (!query.isShort) return dialect.searchContains(table, needlesOf(query));
  if (query.gram === null) return startsWithQuery(dialect, table, query);
  return sql<boolean>`(${startsWithQuery(dialect, table, query)} or ${dialect.containsGram(table, query.gram)})`;
}

// The search text holds every multi-word field without spaces too, so the compact form finds
// all the spaced one would; one phrase lets FTS5 stop early, an OR of two does not.
const needlesOf = (query: SearchQuery) => [...new Set([query.compact, query.digits].filter((n): n is string => !!n && n.length >= 3))];

/**
 * Like `matchesQuery`, for a capped candidate list: the database stops once it has enough. For
 * short queries only the prefix matches; `withGramMatches` gives the CJK ones found inside names.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps the caller's builder type
export function withMatches<Q extends SelectQueryBuilder<any, any, any>>(dialect: Dialect, query: Q, table: SearchableTable, search: SearchQuery): Q {
  if (search.isShort) return query.where(startsWithQuery(dialect, table, search)) as Q;
  return dialect.restrictToMatches(query, table, needlesOf(search));
}

/** Capped rows holding the query's CJK gram anywhere; null when the query is not one or two CJK characters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps the caller's builder type
export function withGramMatches<Q extends SelectQueryBuilder<any, any, any>>(dialect: Dialect, query: Q, table: SearchableTable, search: SearchQuery): Q | null {
  return search.gram === null ? null : dialect.restrictToGram(query, table, search.gram);
}
