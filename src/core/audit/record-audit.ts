import type { Kysely } from 'kysely';
import type { AuditAction, FieldChanges } from '../../domain/audit.ts';
import { nowIso, type Actor, type Deps } from '../context.ts';
import { auditHash, GENESIS_HASH } from './audit-hash.ts';

export interface AuditEvent {
  action: AuditAction;
  entity: string;
  entityId: number | null;
  changes?: FieldChanges;
}

/**
 * Appends one entry to the audit log, chained to the last one. Call it inside the transaction
 * that makes the change, so the change and its record land together or not at all.
 */
export async function recordAudit(ctx: Deps & { actor: Pick<Actor, 'userId' | 'ip'> | null }, event: AuditEvent): Promise<void> {
  if (!ctx.db.isTransaction) throw new Error('recordAudit must run inside the transaction of the change');
  await ctx.dialect.lockAuditChain(ctx.db as unknown as Kysely<unknown>);
  const last = await ctx.db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const entry = {
    at: nowIso(ctx),
    actor_id: ctx.actor?.userId ?? null,
    ip: ctx.actor?.ip ?? null,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId,
    changes: event.changes ?? {},
  };
  await ctx.db
    .insertInto('audit_log')
    .values({ ...entry, changes: JSON.stringify(entry.changes), prev_hash: prevHash, hash: auditHash(prevHash, entry) })
    .execute();
}
