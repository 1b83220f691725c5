import { recordChanges } from '../../domain/audit.ts';
import type { CustomerPatchInput, CustomerShape } from '../../domain/customer.ts';
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
  const draft = {
    kind: patch.kind ?? current.kind,
    name: patch.name ?? current.name,
    stage: patch.stage ?? current.stage,
    level: patch.level === undefined ? current.level : patch.level,
    source: patch.source === undefined ? current.source : patch.source,
    industry: patch.industry === undefined ? current.industry : patch.industry,
    ownerId: patch.ownerId === undefined ? current.ownerId : patch.ownerId,
    country: patch.country === undefined ? current.country : patch.country,
    province: patch.province === undefined ? current.province : patch.province,
    city: patch.city === undefined ? current.city : patch.city,
    district: patch.district === undefined ? current.district : patch.district,
    address: patch.address === undefined ? current.address : patch.address,
    postcode: patch.postcode === undefined ? current.postcode : patch.postcode,
    website: patch.website === undefined ? current.website : patch.website,
    birthday: patch.birthday === undefined ? current.birthday : patch.birthday,
    notes: patch.notes === undefined ? current.notes : patch.notes,
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
