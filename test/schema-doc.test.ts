import { readFileSync } from 'node:fs';
import { sql, type TableMetadata } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { forEachDialect, type DialectName } from './support/databases.ts';

// docs/schema.md is the data dictionary; this test keeps it true to the migrated schema.

const HEADER = '| column | type | null | constraints | meaning |';
const markdown = readFileSync(new URL('../docs/schema.md', import.meta.url), 'utf8');

/** How each logical type in the doc may be stored, as Kysely's introspection names it. */
const storage: Record<string, Record<DialectName, string[]>> = {
  integer: { sqlite: ['integer'], postgres: ['int4', 'int8'] },
  money: { sqlite: ['integer'], postgres: ['int8'] },
  text: { sqlite: ['text'], postgres: ['text'] },
  timestamp: { sqlite: ['text'], postgres: ['timestamptz'] },
  date: { sqlite: ['text'], postgres: ['date'] },
  boolean: { sqlite: ['integer'], postgres: ['bool'] },
  json: { sqlite: ['text'], postgres: ['jsonb'] },
};


interface DocColumn {
  name: string;
  type: string;
  nullCell: string;
}

function parseTables(text: string): Map<string, DocColumn[]> {
  const tables = new Map<string, DocColumn[]>();
  for (const section of text.split(/^### /m).slice(1)) {
    const [heading = '', ...lines] = section.split('\n');
    const name = heading.trim();
    const start = lines.indexOf(HEADER);
    if (start < 0) throw new Error(`docs/schema.md: "### ${name}" needs a column table headed exactly ${HEADER}`);
    const body = lines.slice(start + 2);
    const end = body.findIndex((line) => !line.startsWith('|'));
    const rows = end < 0 ? body : body.slice(0, end);
    const cells = rows.map((row) => row.split('|').slice(1, 4).map((cell) => cell.trim().replaceAll('`', '')));
    tables.set(name, cells.map(([column = '', type = '', nullCell = '']) => ({ name: column, type, nullCell })));
  }
  return tables;
}

function mermaidEntities(text: string): Set<string> {
  const diagram = /```mermaid\n(erDiagram[\s\S]*?)```/.exec(text)?.[1] ?? '';
  const entities = new Set<string>();
  for (const line of diagram.split('\n')) {
    const relation = /^\s*(\w+)\s+\S+\s+(\w+)\s*:/.exec(line);
    const block = /^\s*(\w+)\s*\{/.exec(line);
    for (const name of [relation?.[1], relation?.[2], block?.[1]]) if (name) entities.add(name);
  }
  return entities;
}

const documented = parseTables(markdown);
const isInternal = (name: string) => /_(fts|grams)(_\w+)?$/.test(name) || name === 'kehu_migration_lock' || name.startsWith('sqlite_');

function columnProblems(dialect: DialectName, table: TableMetadata, doc: DocColumn[]): string[] {
  const inDb = table.columns.map((c) => c.name);
  const inDoc = doc.map((c) => c.name);
  const problems = [
    ...inDb.filter((c) => !inDoc.includes(c)).map((c) => `${table.name}.${c}: add a row for this column`),
    ...inDoc.filter((c) => !inDb.includes(c)).map((c) => `${table.name}.${c}: no such column; remove its row`),
  ];
  if (problems.length === 0 && inDb.join() !== inDoc.join()) {
    problems.push(`${table.name}: put the rows in the database's column order: ${inDb.join(', ')}`);
  }
  for (const column of table.columns) {
    const entry = doc.find((c) => c.name === column.name);
    if (!entry) continue;
    const where = `${table.name}.${column.name}`;
    const isNullable = column.isNullable;
    const expectedNull = isNullable ? 'yes' : 'no';
    if (entry.nullCell !== expectedNull) problems.push(`${where}: null should be "${expectedNull}", not "${entry.nullCell}"`);
    const dataType = column.dataType.toLowerCase();
    const fits = Object.keys(storage).filter((logical) => storage[logical]?.[dialect].includes(dataType));
    if (!fits.includes(entry.type)) {
      problems.push(`${where}: type "${entry.type}" does not fit ${dialect} ${dataType}; use one of: ${fits.join(', ')}`);
    }
  }
  return problems;
}

forEachDialect('docs/schema.md', (db) => {
  let tables: TableMetadata[] = [];
  beforeAll(async () => {
    tables = (await db().db.introspection.getTables()).filter((t) => !isInternal(t.name));
  });

  it('has a section for every table and none for tables that do not exist', () => {
    const names = tables.map((t) => t.name);
    const problems = [
      ...names.filter((n) => !documented.has(n)).map((n) => `### ${n}: add this section with its column table`),
      ...[...documented.keys()].filter((n) => !names.includes(n)).map((n) => `### ${n}: no such table; remove this section`),
    ];
    expect(problems, 'fix the table sections of docs/schema.md').toEqual([]);
  });

  it('lists each column in order with the right null and a compatible type', () => {
    const problems = tables.flatMap((t) => {
      const doc = documented.get(t.name);
      return doc ? columnProblems(db().name, t, doc) : []; // a missing section is the test above's finding
    });
    expect(problems, 'fix these rows in docs/schema.md').toEqual([]);
  });

  it('draws every table in the Mermaid erDiagram', () => {
    const entities = mermaidEntities(markdown);
    const missing = tables.map((t) => t.name).filter((n) => !entities.has(n));
    expect(missing, 'add these tables to the erDiagram in docs/schema.md (a relation or an entity block)').toEqual([]);
  });

  it('names every index the migrations create', async () => {
    // Primary keys and unique constraints are described in their columns' rows instead.
    const query =
      db().name === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and sql is not null`
        : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and indexname !~ '_(pkey|key|pk)$'`;
    const { rows } = await query.execute(db().db);
    const missing = rows.map((r) => r.name).filter((name) => !markdown.includes(`\`${name}\``));
    expect(missing, 'describe these indexes in docs/schema.md').toEqual([]);
  });
});
