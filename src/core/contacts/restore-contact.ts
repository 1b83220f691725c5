import type { ContactShape } from '../../domain/contact.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findContactForWrite, loadContact } from './contacts.repository.ts';
import { assertNotMergedAway } from '../dedupe/merged-away.ts';

export async function restoreContact(ctx: Ctx, id: number): Promise<ContactShape> {
  const row = await findContactForWrite(ctx, id, { includeDeleted: true });
  await assertNotMergedAway(ctx.db, 'contacts', id);
  await inTransaction(ctx, async (tx) => {
    await restoreFromRecycleBin(tx, { table: 'contacts', entity: 'contact', row });
    await recordAudit(tx, { action: 'restore', entity: 'contact', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
  });
  return loadContact(ctx, id);
}
