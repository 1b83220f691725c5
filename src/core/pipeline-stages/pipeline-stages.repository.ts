import { sql, type Kysely, type Selectable } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import type { PipelineStageShape } from '../../domain/pipeline-stage.ts';
import type { PipelineStageTable, Schema } from '../db/schema.ts';
import { recordMeta } from '../records/record-meta.ts';

export type PipelineStageRow = Selectable<PipelineStageTable>;

/** New stages go after the last one, leaving room to slot others in between. */
export const POSITION_STEP = 10;

export const toStage = (row: PipelineStageRow): PipelineStageShape => ({
  ...recordMeta(row),
  name: row.name,
  position: row.position,
  probability: row.probability,
});

export async function findStageRow(db: Kysely<Schema>, id: number, options: { includeDeleted?: boolean } = {}): Promise<PipelineStageRow> {
  const row = await db
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('pipeline stage', id);
  return row;
}

export async function nextStagePosition(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('pipeline_stages')
    .select(sql<number | null>`max(position)`.as('last'))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.last == null ? 0 : Number(row.last) + POSITION_STEP;
}

/** Open deals (not in the recycle bin) that sit in the stage. */
export async function countOpenDealsInStage(db: Kysely<Schema>, stageId: number): Promise<number> {
  const row = await db
    .selectFrom('deals')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('stage_id', '=', stageId)
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
