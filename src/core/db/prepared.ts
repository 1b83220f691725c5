import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Dialect } from './dialects/dialect.ts';
import type { Schema } from './schema.ts';

const SENTINEL = '\u0000kehu-parameter:';

// Typed `never` so a placeholder fits any parameter position; at run time it is a sentinel string.
type Placeholders<P extends string> = Record<P, never>;

/**
 * A hot query built and compiled once per database kind, then run with fresh parameters:
 * Kysely otherwise rebuilds and recompiles it on every request, which costs more than the
 * query itself. Only for queries whose shape never depends on who asks — never put an
 * access-policy condition in one (its values would be frozen into the compiled SQL).
 */
export function preparedQuery<P extends string, Row>(
  names: readonly P[],
  build: (deps: { db: Kysely<Schema>; dialect: Dialect }, params: Placeholders<P>) => Compilable<Row>,
): (deps: { db: Kysely<Schema>; dialect: Dialect }, values: Record<P, unknown>) => Promise<Row[]> {
  const compiled = new WeakMap<Dialect, CompiledQuery<Row>>();
  const placeholders = Object.fromEntries(names.map((n) => [n, `${SENTINEL}${n}`])) as unknown as Placeholders<P>;
  return async ({ db, dialect }, values) => {
    let query = compiled.get(dialect);
    if (!query) {
      query = build({ db, dialect }, placeholders).compile();
      compiled.set(dialect, query);
    }
    const parameters = query.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(SENTINEL) ? values[p.slice(SENTINEL.length) as P] : p,
    );
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
