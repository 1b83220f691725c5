import { recordChanges } from '../../domain/audit.ts';
import type { InteractionCreateInput, InteractionShape } from '../../domain/interaction.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { loadInteraction } from './interactions.repository.ts';
import { prepareInteraction } from './prepare-interaction.ts';

/** Records a call, meeting, note… on a customer's timeline; it happened now unless `occurredAt` says when. */
export async function createInteraction(ctx: Ctx, input: InteractionCreateInput): Promise<InteractionShape> {
  assertCanWrite(ctx.actor);
  const now = nowIso(ctx);
  const row = await prepareInteraction(ctx, { ...input, occurredAt: input.occurredAt ?? now });
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('interactions')
        .values({ ...row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await loadInteraction(tx, id);
      await recordAudit(tx, { action: 'create', entity: 'interaction', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
