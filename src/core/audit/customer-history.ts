import type { AuditEntryShape, HistoryFilter } from '../../domain/audit.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { fetchPage } from '../records/paginate.ts';
import { auditColumns, toAuditEntry } from './audit.repository.ts';
import { coversRecords, narrowToSubjects, type RecordIds } from './audit-subjects.ts';

/** Records that belong to a customer and so appear on its timeline: audit entity → table. */
const CHILD_TABLES = {
  contact: 'contacts',
  deal: 'deals',
  order: 'orders',
  interaction: 'interactions',
  task: 'tasks',
} as const;

/**
 * The audit entries of one customer and of the contacts, deals, orders, interactions and tasks
 * that belong to it now (deleted ones included), newest first; 404 when the actor may not see
 * the customer. Those records follow the customer's visibility, so seeing it is enough. Bulk
 * writes that cover them (an import batch) appear as each record's own entry, with its row.
 */
export async function customerHistory(ctx: Ctx, id: number, filter: HistoryFilter): Promise<PageOf<AuditEntryShape>> {
  await findCustomerRow(ctx, id, { includeDeleted: true });
  const records: Record<string, RecordIds> = { customer: [id] };
  for (const [entity, table] of Object.entries(CHILD_TABLES)) records[entity] = ctx.db.selectFrom(table).select(`${table}.id as id`).where(`${table}.customer_id`, '=', id);
  const query = ctx.db
    .selectFrom('audit_log')
    .select(auditColumns)
    .where((eb) =>
      eb.or([
        eb.and([eb('audit_log.entity', '=', 'customer'), eb('audit_log.entity_id', '=', id)]),
        ...Object.entries(CHILD_TABLES).map(([entity, table]) =>
          eb.and([
            eb('audit_log.entity', '=', entity),
            eb('audit_log.entity_id', 'in', eb.selectFrom(table).select(`${table}.id`).where(`${table}.customer_id`, '=', id)),
          ]),
        ),
        ...Object.entries(records).map(([entity, ids]) => coversRecords(eb, entity, ids)),
      ]),
    );
  const page = await fetchPage(query, 'audit_log', { column: 'id', descending: true }, filter);
  const items = await narrowToSubjects(ctx, page.rows.map((row) => toAuditEntry(ctx, row)), records);
  return { items, nextCursor: page.nextCursor };
}
