import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Actor } from '../context.ts';
import type { Dialect } from './dialects/dialect.ts';
import type { Schema } from './schema.ts';

const SENTINEL = '\u0000kehu-parameter:';

// Typed `never` so a placeholder fits any parameter position; at run time it is a sentinel string.
type Placeholders<P extends string> = Record<P, never>;
type Db = { db: Kysely<Schema>; dialect: Dialect };

const placeholder = (name: string) => `${SENTINEL}${name}`;

/** Swaps each placeholder in the compiled parameters for its value. */
function bind<Row>(query: CompiledQuery<Row>, values: Record<string, unknown>): CompiledQuery<Row> {
  const parameters = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SENTINEL) ? values[p.slice(SENTINEL.length)] : p));
  return { ...query, parameters };
}

/** A placeholder written into the SQL text instead of bound would be frozen there: refuse. */
function checked<Row>(query: CompiledQuery<Row>): CompiledQuery<Row> {
  if (query.sql.includes(SENTINEL)) throw new Error(`a prepared query inlined a parameter into its SQL: ${query.sql}`);
  return query;
}

/**
 * A hot query built and compiled once per database kind, then run with fresh parameters:
 * Kysely otherwise rebuilds and recompiles it on every request, which costs more than the
 * query itself. Only for queries whose shape never depends on who asks — for an access-policy
 * condition use preparedForActor, which binds the actor's values as parameters.
 */
export function preparedQuery<P extends string, Row>(
  names: readonly P[],
  build: (deps: Db, params: Placeholders<P>) => Compilable<Row>,
): (deps: Db, values: Record<P, unknown>) => Promise<Row[]> {
  const compiled = new WeakMap<Dialect, CompiledQuery<Row>>();
  const placeholders = Object.fromEntries(names.map((n) => [n, placeholder(n)])) as unknown as Placeholders<P>;
  return async ({ db, dialect }, values) => {
    let query = compiled.get(dialect);
    if (!query) {
      query = checked(build({ db, dialect }, placeholders).compile());
      compiled.set(dialect, query);
    }
    return (await db.executeQuery<Row>(bind(query, values))).rows;
  };
}

/** Most distinct policy shapes kept per query (they differ by role and the number of teams in scope). */
const MAX_SHAPES = 64;

/**
 * The actor as placeholders plus the key of the SQL its access policy produces. The policy's
 * SQL depends only on the role, whether there is a team, and how many teams are in scope; the
 * user and team ids are bound as parameters on every run. Nothing about an actor (let alone a
 * result) is kept between requests, so a changed role or a revoked token counts at once.
 */
function actorShape(actor: Actor): { key: string; placeholders: Actor; values: Record<string, unknown> } {
  const values: Record<string, unknown> = { 'actor.userId': actor.userId };
  if (actor.teamId !== null) values['actor.teamId'] = actor.teamId;
  actor.teamIds?.forEach((id, i) => (values[`actor.teamIds.${i}`] = id));
  const placeholders: Actor = {
    userId: placeholder('actor.userId') as never,
    role: actor.role,
    teamId: actor.teamId === null ? null : (placeholder('actor.teamId') as never),
    teamIds: actor.teamIds?.map((_, i) => placeholder(`actor.teamIds.${i}`) as never),
    canWrite: actor.canWrite,
  };
  const key = `${actor.role}|${actor.teamId === null ? '-' : 't'}|${actor.teamIds?.length ?? '-'}|${actor.canWrite ? 'w' : 'r'}`;
  return { key, placeholders, values };
}

/**
 * A hot query whose WHERE holds an access-policy condition (visibleCustomers(actor) …):
 * compiled once per database kind and policy shape, with the actor's ids bound as parameters.
 * `build` must use only the placeholder actor it is given; a value it inlined into the SQL
 * text fails loudly here instead of being reused for someone else.
 */
export function preparedForActor<P extends string, Row>(
  names: readonly P[],
  build: (deps: Db, params: Placeholders<P>, actor: Actor) => Compilable<Row>,
): (deps: Db & { actor: Actor }, values: Record<P, unknown>) => Promise<Row[]> {
  const compiled = new WeakMap<Dialect, Map<string, CompiledQuery<Row>>>();
  const params = Object.fromEntries(names.map((n) => [n, placeholder(n)])) as unknown as Placeholders<P>;
  return async ({ db, dialect, actor }, values) => {
    const shape = actorShape(actor);
    let byShape = compiled.get(dialect);
    if (!byShape) compiled.set(dialect, (byShape = new Map()));
    let query = byShape.get(shape.key);
    if (!query) {
      query = checked(build({ db, dialect }, params, shape.placeholders).compile());
      if (byShape.size < MAX_SHAPES) byShape.set(shape.key, query);
    }
    return (await db.executeQuery<Row>(bind(query, { ...values, ...shape.values }))).rows;
  };
}
