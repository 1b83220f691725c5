import { recordChanges } from '../../domain/audit.ts';
import { CUSTOMER_SCALAR_FIELDS, type CustomerPatchInput, type CustomerScalarField, type CustomerShape } from '../../domain/customer.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { loadOwnPoints, replacePoints } from '../contact-points/contact-points.repository.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { refreshContactsOfCustomer } from '../contacts/refresh-contact-search.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { assertOwnerWithinLimit } from '../pool/holding-limit.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { CUSTOMER_TAGS, setTags } from '../tags/tags.repository.ts';
import { assertCanAssignOwner, assertCanGiveAway } from './customers.policy.ts';
import { findCustomerForWrite, loadCustomer } from './customers.repository.ts';
import { prepareCustomer } from './prepare-customer.ts';

/** Applies a partial update; `expectedVersion` (from If-Match) guards against lost updates. */
export async function updateCustomer(
  ctx: Ctx,
  id: number,
  patch: CustomerPatchInput,
  expectedVersion?: number,
): Promise<CustomerShape> {
  const row = await findCustomerForWrite(ctx, id);
  if (patch.ownerId !== undefined && patch.ownerId !== row.owner_id) {
    assertCanGiveAway(ctx.actor, row, 'change the owner of');
    await assertCanAssignOwner(ctx, patch.ownerId);
  }
  checkVersion('customer', id, row.version, expectedVersion);
  const existing = { id, points: await loadOwnPoints(ctx.db, 'customer_id', id) };
  const current = await loadCustomer(ctx, id);
  // Every plain field from the one list in domain/, so a new field cannot be forgotten here.
  const scalars = Object.fromEntries(CUSTOMER_SCALAR_FIELDS.map((field) => [field, patch[field] === undefined ? current[field] : patch[field]])) as Pick<CustomerShape, CustomerScalarField>;
  const draft = {
    kind: patch.kind ?? current.kind,
    name: patch.name ?? current.name,
    ...scalars,
    custom: patch.custom === undefined ? current.custom : { ...current.custom, ...patch.custom },
    idNumber: patch.idNumber,
    bankAccount: patch.bankAccount,
  };
  const prepared = await prepareCustomer(ctx, draft, patch, existing);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, { table: 'customers', entity: 'customer', id, version: row.version }, prepared.row, ctx.actor, now);
      await replacePoints(tx.db, 'customer_id', id, prepared.replacedKinds, prepared.points, now);
      if (patch.tags) await setTags(tx.db, CUSTOMER_TAGS, id, patch.tags, ctx.actor.userId, now);
      if (prepared.row.name !== row.name) await refreshContactsOfCustomer(tx, id, prepared.row.name);
      const updated = await loadCustomer(tx, id);
      await recordAudit(tx, { action: 'update', entity: 'customer', entityId: id, changes: recordChanges(current, updated) });
      if (updated.ownerId !== row.owner_id) await assertOwnerWithinLimit(tx, updated.ownerId, ctx.actor);
      return updated;
    }),
  );
}
