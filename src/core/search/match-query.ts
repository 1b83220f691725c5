import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SearchQuery } from '../../domain/search-text.ts';
import type { Dialect, SearchableTable } from '../db/dialects/dialect.ts';

/**
 * The condition "this customer/contact matches what the user typed". Queries of three or more
 * characters use the trigram index over name, pinyin, initials, phones, emails and company;
 * shorter ones (zw, 张伟) match the start of the name, pinyin or initials through b-tree indexes.
 */
export function matchesQuery(dialect: Dialect, table: SearchableTable, query: SearchQuery): RawBuilder<SqlBool> {
  if (query.isShort) {
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
  const needles = [...new Set([query.text, query.compact, query.digits].filter((n): n is string => !!n && n.length >= 3))];
  return dialect.searchContains(table, needles);
}
