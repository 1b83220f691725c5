import type { PipelineStageShape } from '../../domain/pipeline-stage.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findStageRow, toStage } from './pipeline-stages.repository.ts';

/** Brings a stage back (admins only); 409 on `name` if another stage took its name meanwhile. */
export async function restorePipelineStage(ctx: Ctx, id: number): Promise<PipelineStageShape> {
  assertAdmin(ctx.actor);
  const row = await findStageRow(ctx.db, id, { includeDeleted: true });
  await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await restoreFromRecycleBin(tx, { table: 'pipeline_stages', entity: 'pipeline stage', row });
      await recordAudit(tx, { action: 'restore', entity: 'pipeline_stage', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
    }),
  );
  return toStage(await findStageRow(ctx.db, id));
}
