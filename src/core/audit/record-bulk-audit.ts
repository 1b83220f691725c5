import type { AuditAction, FieldChanges } from '../../domain/audit.ts';
import { insertRows } from '../records/insert-batches.ts';
import { recordAudit, type AuditCtx } from './record-audit.ts';

/** One record a bulk entry covers, with the file row (or input position) it came from. */
export interface AuditSubject {
  id: number;
  row: number | null;
}

export interface BulkAuditEvent {
  action: AuditAction;
  entity: string;
  subjects: AuditSubject[];
  /** what the records have in common, e.g. `{ importJob: [null, 7] }` */
  changes?: FieldChanges;
}

/**
 * Records a bulk write of many records (an import batch) as one entry whose `records` list each
 * record's id and row, `[[id, row], …]`, and indexes it by record in audit_subjects, so each
 * record's history finds it. Inside the write's transaction, like recordAudit.
 */
export async function recordBulkAudit(ctx: AuditCtx, event: BulkAuditEvent): Promise<number | null> {
  if (event.subjects.length === 0) return null;
  const records = event.subjects.map((s) => [s.id, s.row]);
  const id = await recordAudit(ctx, { action: event.action, entity: event.entity, entityId: null, changes: { ...event.changes, records: [null, records] } });
  await insertRows(ctx.db, 'audit_subjects', event.subjects.map((s) => ({ audit_id: id, entity: event.entity, entity_id: s.id, row: s.row })));
  return id;
}
