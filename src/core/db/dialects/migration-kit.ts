import type { ColumnDataType, CreateTableBuilder, Kysely } from 'kysely';

/**
 * What a migration may ask of the database it runs on. Migrations receive it as their
 * second argument, so they never import application code nor ask which database it is.
 */
export interface MigrationKit {
  readonly types: {
    /** a foreign key to an `id` column */
    ref: ColumnDataType;
    money: ColumnDataType;
    timestamp: ColumnDataType;
    date: ColumnDataType;
    bool: ColumnDataType;
    json: ColumnDataType;
  };
  /** Adds an auto-incrementing integer primary key `id`. */
  withId<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  /** A substring-search index on `table.search_text` (FTS5 trigram or pg_trgm). */
  createSearchIndex(db: Kysely<unknown>, table: string): Promise<void>;
  dropSearchIndex(db: Kysely<unknown>, table: string): Promise<void>;
  /**
   * An index over `table.search_grams` (space-separated CJK characters and pairs) that finds the
   * rows holding one gram, built from the rows already there and kept on every write.
   */
  createGramIndex(db: Kysely<unknown>, table: string): Promise<void>;
  dropGramIndex(db: Kysely<unknown>, table: string): Promise<void>;
  /** Indexes that serve `startsWith` on `column` and keyset paging sorted by (column, id). */
  createPrefixIndex(db: Kysely<unknown>, table: string, column: string): Promise<void>;
  /**
   * A row trigger named `name` that runs `statement` after each insert, delete or (when `column`
   * changes value) update of `table`. The statement is one portable SQL statement that may
   * read the row as `old.<column>` and `new.<column>`.
   */
  createRowTrigger(db: Kysely<unknown>, trigger: RowTrigger): Promise<void>;
  dropRowTrigger(db: Kysely<unknown>, trigger: Pick<RowTrigger, 'name' | 'table'>): Promise<void>;
}

export interface RowTrigger {
  name: string;
  table: string;
  event: 'insert' | 'delete' | 'update';
  /** for updates: fire only when this column's value changes */
  column?: string;
  statement: string;
}

/** The update condition of a row trigger: the column's value changed (NULLs compare as values). */
export const changedValue = (trigger: RowTrigger, distinct: 'is not' | 'is distinct from'): string | null =>
  trigger.event === 'update' && trigger.column ? `old.${trigger.column} ${distinct} new.${trigger.column}` : null;
