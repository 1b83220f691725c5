import { recordChanges } from '../../domain/audit.ts';
import { CONTACT_CARD_KEYS, type ContactPatchInput, type ContactShape } from '../../domain/contact.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { loadOwnPoints, replacePoints } from '../contact-points/contact-points.repository.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { CONTACT_TAGS, setTags } from '../tags/tags.repository.ts';
import { findContactForWrite, loadContact } from './contacts.repository.ts';
import { prepareContact } from './prepare-contact.ts';

const keep = <T>(patched: T | undefined, current: T): T => (patched === undefined ? current : patched);

/**
 * Applies a partial update; `expectedVersion` (from If-Match) guards against lost updates. A new
 * `customerId` moves the contact and `null` detaches it: both customers must be writable.
 */
export async function updateContact(ctx: Ctx, id: number, patch: ContactPatchInput, expectedVersion?: number): Promise<ContactShape> {
  const row = await findContactForWrite(ctx, id);
  checkVersion('contact', id, row.version, expectedVersion);
  const current = await loadContact(ctx, id);
  const existing = { id, customerId: row.customer_id, points: await loadOwnPoints(ctx.db, 'contact_id', id) };
  const draft = {
    name: patch.name ?? current.name,
    customerId: keep(patch.customerId, current.customerId),
    title: keep(patch.title, current.title),
    gender: keep(patch.gender, current.gender),
    birthday: keep(patch.birthday, current.birthday),
    notes: keep(patch.notes, current.notes),
    ...Object.fromEntries(CONTACT_CARD_KEYS.map((field) => [field, keep(patch[field], current[field])])),
    custom: patch.custom === undefined ? current.custom : { ...current.custom, ...patch.custom },
  };
  const prepared = await prepareContact(ctx, draft, patch, existing);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, { table: 'contacts', entity: 'contact', id, version: row.version }, prepared.row, ctx.actor, now);
      await replacePoints(tx.db, 'contact_id', id, prepared.replacedKinds, prepared.points, now);
      if (patch.tags) await setTags(tx.db, CONTACT_TAGS, id, patch.tags, ctx.actor.userId, now);
      const updated = await loadContact(tx, id);
      await recordAudit(tx, { action: 'update', entity: 'contact', entityId: id, changes: recordChanges(current, updated) });
      return updated;
    }),
  );
}
