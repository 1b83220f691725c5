import type { Kysely } from 'kysely';
import type { Dialect } from './db/dialects/dialect.ts';
import type { Schema } from './db/schema.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { FieldChanges } from '../domain/audit.ts';
import type { WriteGate } from './backup/write-gate.ts';

export type Role = 'admin' | 'manager' | 'sales' | 'viewer';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Who is acting: every use case gets one, and every write records it. */
export interface Actor {
  /** null for the console acting as nobody in particular (CONSOLE_ACTOR): it owns nothing and is written as no user */
  userId: number | null;
  role: Role;
  teamId: number | null;
  /**
   * Teams whose members' customers the actor sees: for a manager their team, the teams they
   * manage and every team below; for a viewer their team. Filled at sign-in (see team-scope.ts).
   */
  teamIds?: number[];
  /** false for read-only API tokens and viewers */
  canWrite: boolean;
  /** the client's address, for the audit log; absent outside HTTP requests */
  ip?: string;
  /** 'console' when the action was run from the command line (kehu …), as the console or `--as` a user */
  origin?: 'console';
}

export interface Settings {
  /** ISO 3166 region for phone numbers written without a country code. */
  defaultRegion: string;
  /** IANA zone in which exports for people write times (KEHU_TIME_ZONE); the workspace's analytics offset when absent. */
  timeZone?: string;
}

/** What a use case needs, passed explicitly: no global database client. */
export interface Deps {
  db: Kysely<Schema>;
  dialect: Dialect;
  clock: Clock;
  settings: Settings;
  /** Keys for the sensitive fields encrypted at rest. */
  crypto: Keyring;
  /** The server's maintenance gate: closed while a restore runs (writes paused); absent in tests and tools that need none. */
  writeGate?: WriteGate;
}

export interface Ctx extends Deps {
  actor: Actor;
  /** what every write of this context is part of, added to each audit entry, e.g. `{ importJob: [null, 7], row: [null, 12] }` */
  auditNote?: FieldChanges;
}

export const nowIso = (deps: Pick<Deps, 'clock'>): string => deps.clock.now().toISOString();

/**
 * Runs `work` in one transaction with the same deps, so a failure writes nothing. Inside an
 * outer transaction (a seed, an import) the work simply joins it.
 */
export function inTransaction<T, D extends Deps>(deps: D, work: (tx: D) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return work(deps);
  return deps.db.transaction().execute((trx) => work({ ...deps, db: trx }));
}
