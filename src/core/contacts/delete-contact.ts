import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findContactForWrite } from './contacts.repository.ts';

/** Soft-deletes a contact: it leaves lists, search and caller ID and waits in the recycle bin. */
export async function deleteContact(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findContactForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'contacts', entity: 'contact', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'contact', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
