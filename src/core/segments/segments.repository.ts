import type { Selectable } from 'kysely';
import { notFound, codedError } from '../../domain/errors.ts';
import type { SegmentShape } from '../../domain/segment.ts';
import type { Ctx, Deps } from '../context.ts';
import type { SegmentTable } from '../db/schema.ts';
import { recordMeta } from '../records/record-meta.ts';

export type SegmentRow = Selectable<SegmentTable>;

/** A live segment; every signed-in user may read every segment (a filter holds no customer data). */
export async function findSegmentRow(ctx: Pick<Ctx, 'db'>, id: number): Promise<SegmentRow> {
  const row = await ctx.db.selectFrom('segments').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound('segment', id);
  return row;
}

/** 409 naming `name` when another live segment has it. */
export async function assertSegmentNameFree(ctx: Pick<Ctx, 'db'>, name: string, exceptId: number | null): Promise<void> {
  const taken = await ctx.db
    .selectFrom('segments')
    .select('id')
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId as number))
    .executeTakeFirst();
  if (taken) throw codedError('conflict', 'segment.name_taken', { name }, { errors: [{ field: 'name', message: `segment ${taken.id} is already named "${name}"`, code: 'field.taken' }] });
}

export const toSegment = (deps: Pick<Deps, 'dialect'>, row: SegmentRow): SegmentShape => ({
  ...recordMeta(row),
  name: row.name,
  description: row.description,
  filter: deps.dialect.parseJson(row.filter),
});
