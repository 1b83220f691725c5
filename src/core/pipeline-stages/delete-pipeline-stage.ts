import { AppError } from '../../domain/errors.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { checkVersion } from '../records/versioned.ts';
import { countOpenDealsInStage, findStageRow } from './pipeline-stages.repository.ts';

/** Moves a stage to the recycle bin (admins only), unless open deals still sit in it. */
export async function deletePipelineStage(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  assertAdmin(ctx.actor);
  const row = await findStageRow(ctx.db, id);
  checkVersion('pipeline stage', id, row.version, expectedVersion);
  const openDeals = await countOpenDealsInStage(ctx.db, id);
  if (openDeals > 0) {
    const deals = openDeals === 1 ? '1 open deal is' : `${openDeals} open deals are`;
    throw new AppError('conflict', { message: `${deals} still in stage "${row.name}"; move them to another stage first`, messageCode: 'stage.has_deals', params: { count: openDeals, name: row.name } });
  }
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'pipeline_stages', entity: 'pipeline stage', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'pipeline_stage', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
