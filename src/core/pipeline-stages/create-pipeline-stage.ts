import { recordChanges } from '../../domain/audit.ts';
import { validationError } from '../../domain/errors.ts';
import type { PipelineStageCreateInput, PipelineStageShape } from '../../domain/pipeline-stage.ts';
import { normaliseName } from '../../domain/text.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { findStageRow, nextStagePosition, toStage } from './pipeline-stages.repository.ts';

/** Adds a stage to the pipeline (admins only); without a position it goes last. */
export async function createPipelineStage(ctx: Ctx, input: PipelineStageCreateInput): Promise<PipelineStageShape> {
  assertAdmin(ctx.actor);
  const name = normaliseName(input.name);
  if (!name) throw validationError([{ field: 'name', message: 'must not be blank', code: 'field.empty' }]);
  const position = input.position ?? (await nextStagePosition(ctx.db));
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('pipeline_stages')
        .values({ name, position, probability: input.probability, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = toStage(await findStageRow(tx.db, id));
      await recordAudit(tx, { action: 'create', entity: 'pipeline_stage', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
