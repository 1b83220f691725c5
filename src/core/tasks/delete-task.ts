import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findTaskForWrite } from './tasks.repository.ts';

/** Soft-deletes a task: it leaves the lists and waits in the recycle bin. */
export async function deleteTask(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findTaskForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'tasks', entity: 'task', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'task', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
