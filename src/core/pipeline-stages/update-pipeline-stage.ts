import { recordChanges } from '../../domain/audit.ts';
import { validationError } from '../../domain/errors.ts';
import type { PipelineStagePatchInput, PipelineStageShape } from '../../domain/pipeline-stage.ts';
import { normaliseName } from '../../domain/text.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { findStageRow, toStage } from './pipeline-stages.repository.ts';

/** Renames, re-orders or re-weights a stage (admins only); If-Match guards against lost updates. */
export async function updatePipelineStage(
  ctx: Ctx,
  id: number,
  patch: PipelineStagePatchInput,
  expectedVersion?: number,
): Promise<PipelineStageShape> {
  assertAdmin(ctx.actor);
  const row = await findStageRow(ctx.db, id);
  checkVersion('pipeline stage', id, row.version, expectedVersion);
  const name = patch.name === undefined ? row.name : normaliseName(patch.name);
  if (!name) throw validationError([{ field: 'name', message: 'must not be blank', code: 'field.empty' }]);
  const values = { name, position: patch.position ?? row.position, probability: patch.probability ?? row.probability };
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, { table: 'pipeline_stages', entity: 'pipeline stage', id, version: row.version }, values, ctx.actor, nowIso(ctx));
      const updated = toStage(await findStageRow(tx.db, id));
      await recordAudit(tx, { action: 'update', entity: 'pipeline_stage', entityId: id, changes: recordChanges(toStage(row), updated) });
      return updated;
    }),
  );
}
