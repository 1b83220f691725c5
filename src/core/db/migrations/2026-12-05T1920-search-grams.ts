import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change these columns in a new migration.

type Db = Kysely<unknown>;

const TABLES = ['customers', 'contacts'] as const;
const PAGE = 5_000;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** This migration's own copy of buildSearchGrams as it was: CJK characters and neighbouring pairs. */
function gramsOf(searchText: string): string {
  const grams = new Set<string>();
  for (const [run] of searchText.matchAll(CJK_RUN)) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i] as string);
      if (i + 1 < chars.length) grams.add(`${chars[i]}${chars[i + 1]}`);
    }
  }
  return [...grams].join(' ');
}

async function fillGrams(db: Db, table: string): Promise<void> {
  for (let after = 0; ; ) {
    const { rows } = await sql<{ id: number; search_text: string }>`select id, search_text from ${sql.table(table)} where id > ${after} order by id limit ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.id);
    for (const row of rows) {
      const grams = gramsOf(row.search_text);
      if (grams !== '') await sql`update ${sql.table(table)} set search_grams = ${grams} where id = ${row.id}`.execute(db);
    }
  }
}

/**
 * Customers and contacts gain search_grams, the CJK characters and pairs of their search text,
 * with an index on it: one or two Chinese characters (星辰, 科技) find a name that holds them
 * anywhere, which the trigram index cannot (it needs three).
 */
export async function up(db: Db, kit: MigrationKit): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('search_grams', 'text', (c) => c.notNull().defaultTo('')).execute();
    await fillGrams(db, table);
    await kit.createGramIndex(db, table);
  }
}

export async function down(db: Db, kit: MigrationKit): Promise<void> {
  for (const table of TABLES) {
    await kit.dropGramIndex(db, table);
    await db.schema.alterTable(table).dropColumn('search_grams').execute();
  }
}
