import { recordChanges } from '../../domain/audit.ts';
import type { ContactCreateInput, ContactShape } from '../../domain/contact.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { replacePoints } from '../contact-points/contact-points.repository.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { CONTACT_TAGS, setTags } from '../tags/tags.repository.ts';
import { loadContact } from './contacts.repository.ts';
import { prepareContact } from './prepare-contact.ts';

/** Creates a contact person, on their own or belonging to a customer the actor can see. */
export async function createContact(ctx: Ctx, input: ContactCreateInput): Promise<ContactShape> {
  assertCanWrite(ctx.actor);
  const prepared = await prepareContact(ctx, input, input, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('contacts')
        .values({ ...prepared.row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replacePoints(tx.db, 'contact_id', id, ['phone', 'email'], prepared.points, now);
      if (input.tags) await setTags(tx.db, CONTACT_TAGS, id, input.tags, ctx.actor.userId, now);
      const created = await loadContact(tx, id);
      await recordAudit(tx, { action: 'create', entity: 'contact', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
