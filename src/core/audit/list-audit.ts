import type { AuditEntryShape, AuditListFilter } from '../../domain/audit.ts';
import { codedError, type FieldError, validationError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { fetchPage } from '../records/paginate.ts';
import { auditColumns, toAuditEntry } from './audit.repository.ts';
import { coversRecords, narrowToSubjects } from './audit-subjects.ts';

/** One page of the whole audit log, newest first; admins only. */
export async function listAudit(ctx: Ctx, input: AuditListFilter): Promise<PageOf<AuditEntryShape>> {
  // Reading the log is not a write, so a read-only admin token may do it.
  if (ctx.actor.role !== 'admin') throw codedError('forbidden', 'audit.admin_only');
  const errors: FieldError[] = [];
  const filter = utcFields(input, ['from', 'to'], errors);
  if (errors.length > 0) throw validationError(errors);
  const query = ctx.db
    .selectFrom('audit_log')
    .select(auditColumns)
    .$if(filter.entity !== undefined, (q) => q.where('audit_log.entity', '=', filter.entity!))
    .$if(filter.entityId !== undefined && filter.entity === undefined, (q) => q.where('audit_log.entity_id', '=', filter.entityId!))
    // One record's entries include the bulk writes that cover it (an import batch).
    .$if(filter.entityId !== undefined && filter.entity !== undefined, (q) =>
      q.where((eb) => eb.or([eb('audit_log.entity_id', '=', filter.entityId!), coversRecords(eb, filter.entity!, [filter.entityId!])])),
    )
    .$if(filter.actor !== undefined, (q) => q.where('audit_log.actor_id', '=', filter.actor!))
    .$if(filter.action !== undefined, (q) => q.where('audit_log.action', '=', filter.action!))
    .$if(filter.from !== undefined, (q) => q.where('audit_log.at', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('audit_log.at', '<', filter.to!));
  const page = await fetchPage(query, 'audit_log', { column: 'at', descending: true }, filter);
  const items = page.rows.map((row) => toAuditEntry(ctx, row));
  const asked = filter.entity !== undefined && filter.entityId !== undefined ? { [filter.entity]: [filter.entityId] } : {};
  return { items: await narrowToSubjects(ctx, items, asked), nextCursor: page.nextCursor };
}
