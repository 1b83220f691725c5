import type { AuditEntryShape, HistoryFilter } from '../../domain/audit.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { fetchPage } from '../records/paginate.ts';
import { auditColumns, toAuditEntry } from './audit.repository.ts';

/** The audit entries of one customer, newest first; 404 when the actor may not see it. */
export async function customerHistory(ctx: Ctx, id: number, filter: HistoryFilter): Promise<PageOf<AuditEntryShape>> {
  await findCustomerRow(ctx, id, { includeDeleted: true });
  const query = ctx.db
    .selectFrom('audit_log')
    .select(auditColumns)
    .where('audit_log.entity', '=', 'customer')
    .where('audit_log.entity_id', '=', id);
  const page = await fetchPage(query, 'audit_log', { column: 'id', descending: true }, filter);
  return { items: page.rows.map((row) => toAuditEntry(ctx, row)), nextCursor: page.nextCursor };
}
