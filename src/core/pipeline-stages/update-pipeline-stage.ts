import { validationError } from '../../domain/errors.ts';
import type { PipelineStagePatchInput, PipelineStageShape } from '../../domain/pipeline-stage.ts';
import { normaliseName } from '../../domain/text.ts';
import { assertAdmin } from '../access/writes.ts';
import { nowIso, type Ctx } from '../context.ts';
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
  if (!name) throw validationError([{ field: 'name', message: 'must not be blank' }]);
  const values = { name, position: patch.position ?? row.position, probability: patch.probability ?? row.probability };
  await guardConstraints(ctx.dialect, () =>
    updateVersioned(ctx.db, { table: 'pipeline_stages', entity: 'pipeline stage', id, version: row.version }, values, ctx.actor, nowIso(ctx)),
  );
  return toStage(await findStageRow(ctx.db, id));
}
