import type { PipelineStageShape } from '../../domain/pipeline-stage.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { toStage } from './pipeline-stages.repository.ts';

/** The pipeline in board order; a pipeline is short, so it comes in one page. */
export async function listPipelineStages(ctx: Ctx, filter: { includeDeleted?: boolean | undefined }): Promise<PageOf<PipelineStageShape>> {
  const rows = await ctx.db
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('deleted_at', filter.includeDeleted ? 'is not' : 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return { items: rows.map(toStage), nextCursor: null };
}
