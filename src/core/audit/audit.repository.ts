import type { Selectable } from 'kysely';
import type { AuditEntryShape } from '../../domain/audit.ts';
import type { Deps } from '../context.ts';
import type { AuditLogTable } from '../db/schema.ts';

export const auditColumns = ['audit_log.id', 'audit_log.at', 'audit_log.actor_id', 'audit_log.ip', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.changes', 'audit_log.origin'] as const;

type AuditRow = Pick<Selectable<AuditLogTable>, 'id' | 'at' | 'actor_id' | 'ip' | 'action' | 'entity' | 'entity_id' | 'changes' | 'origin'>;

export const toAuditEntry = (deps: Pick<Deps, 'dialect'>, row: AuditRow): AuditEntryShape => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  origin: row.origin === 'console' ? 'console' : null,
  ip: row.ip,
  action: row.action as AuditEntryShape['action'],
  entity: row.entity,
  entityId: row.entity_id,
  changes: deps.dialect.parseJson<AuditEntryShape['changes']>(row.changes),
});
