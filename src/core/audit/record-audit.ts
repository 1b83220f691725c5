import type { Kysely } from 'kysely';
import type { AuditAction, FieldChanges } from '../../domain/audit.ts';
import { nowIso, type Actor, type Deps } from '../context.ts';
import { insertRowsReturningIds } from '../records/insert-batches.ts';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';

export interface AuditEvent {
  action: AuditAction;
  entity: string;
  entityId: number | null;
  changes?: FieldChanges;
}

/** Who acts, as the audit log needs it: null for the server itself (a timer). */
export type AuditCtx = Deps & { actor: Pick<Actor, 'userId' | 'ip' | 'origin'> | null; auditNote?: FieldChanges };

/**
 * Appends entries to the audit log, chained to the last one and to each other, in one statement
 * per few thousand; returns their ids in order. Call it inside the transaction that makes the
 * change, so the change and its record land together or not at all.
 */
export async function recordAuditEntries(ctx: AuditCtx, events: AuditEvent[]): Promise<number[]> {
  if (!ctx.db.isTransaction) throw new Error('recordAudit must run inside the transaction of the change');
  if (events.length === 0) return [];
  await ctx.dialect.lockAuditChain(ctx.db as unknown as Kysely<unknown>);
  const last = await ctx.db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = nowIso(ctx);
  const common = { at, actor_id: ctx.actor?.userId ?? null, ip: ctx.actor?.ip ?? null, origin: ctx.actor?.origin ?? null };
  const rows = events.map((event) => {
    const changes = ctx.auditNote ? { ...ctx.auditNote, ...event.changes } : (event.changes ?? {});
    const entry = { ...common, action: event.action, entity: event.entity, entity_id: event.entityId, changes };
    const hash = auditHash(prevHash, entry);
    const row = { ...entry, changes: JSON.stringify(entry.changes), prev_hash: prevHash, hash };
    prevHash = hash;
    return row;
  });
  return insertRowsReturningIds(ctx.db, 'audit_log', rows);
}

/** Appends one entry to the audit log (see recordAuditEntries); returns its id. */
export async function recordAudit(ctx: AuditCtx, event: AuditEvent): Promise<number> {
  const [id] = await recordAuditEntries(ctx, [event]);
  return id as number;
}
