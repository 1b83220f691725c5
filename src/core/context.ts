import type { Kysely } from 'kysely';
import type { Dialect } from './db/dialects/dialect.ts';
import type { Schema } from './db/schema.ts';

export type Role = 'admin' | 'manager' | 'sales' | 'viewer';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Who is acting: every use case gets one, and every write records it. */
export interface Actor {
  userId: number;
  role: Role;
  teamId: number | null;
  /** false for read-only API tokens and viewers */
  canWrite: boolean;
}

export interface Settings {
  /** ISO 3166 region for phone numbers written without a country code. */
  defaultRegion: string;
}

/** What a use case needs, passed explicitly: no global database client. */
export interface Deps {
  db: Kysely<Schema>;
  dialect: Dialect;
  clock: Clock;
  settings: Settings;
}

export interface Ctx extends Deps {
  actor: Actor;
}

export const nowIso = (deps: Pick<Deps, 'clock'>): string => deps.clock.now().toISOString();

/** Runs `work` in one transaction with the same context, so a failure writes nothing. */
export function inTransaction<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  // Inside an outer transaction (a seed, an import) the work simply joins it.
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}
