import { codedField, validationError } from '../../domain/errors.ts';
import type { CUSTOMER_MERGE_FIELDS, FieldChoicesShape, MergeShape } from '../../domain/merge.ts';
import { assertCanWrite } from '../access/writes.ts';
import { loadOwnPoints, replacePoints } from '../contact-points/contact-points.repository.ts';
import { refreshContactsOfCustomer } from '../contacts/refresh-contact-search.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { assertCanAssignOwner, assertCanGiveAway } from '../customers/customers.policy.ts';
import { findCustomerForWrite, loadCustomer, type CustomerRow } from '../customers/customers.repository.ts';
import { normaliseCustomer, type CustomerDraft } from '../customers/normalise-customer.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { CUSTOMER_CHILDREN, moveChildren } from './merge-children.ts';
import { refreshOrderStats } from '../analytics/refresh-order-stats.ts';
import { decideFields, unionPoints } from './merge-fields.ts';
import { CUSTOMER_TAG_LINK, unionShares, unionTags } from './merge-links.ts';
import { takeBeforeImage } from './merge-snapshot.ts';
import { recordMerge } from './record-merge.ts';

export interface MergeInput {
  survivorId: number;
  mergedId: number;
  fields?: FieldChoicesShape | undefined;
  /** If-Match style: the versions the caller reviewed; 412 if either record changed since */
  expectedVersions?: { survivor?: number | undefined; merged?: number | undefined } | undefined;
}

const CUSTOMER_COLUMNS: Record<(typeof CUSTOMER_MERGE_FIELDS)[number], readonly string[]> = {
  kind: ['kind'],
  name: ['name'],
  stage: ['stage'],
  level: ['level'],
  source: ['source'],
  industry: ['industry'],
  ownerId: ['owner_id'],
  country: ['country'],
  province: ['province'],
  city: ['city'],
  district: ['district'],
  address: ['address'],
  postcode: ['postcode'],
  website: ['website'],
  birthday: ['birthday'],
  notes: ['notes'],
  idNumber: ['id_number_enc', 'id_number_bidx'],
  bankAccount: ['bank_account_enc'],
  externalId: ['external_id'],
};

export function assertTwoRecords(input: MergeInput): void {
  if (input.survivorId === input.mergedId) throw validationError([codedField('mergedId', 'merge.same_record')]);
}

/** The survivor's columns after the merge: chosen values, normalised as on any write. */
async function mergedRow(ctx: Ctx, survivor: CustomerRow, merged: CustomerRow, input: MergeInput) {
  const custom = (row: CustomerRow) => ctx.dialect.parseJson<Record<string, unknown>>(row.custom);
  const choice = decideFields(CUSTOMER_COLUMNS, { row: survivor, custom: custom(survivor) }, { row: merged, custom: custom(merged) }, input.fields);
  const v = choice.values as Partial<CustomerRow>;
  const ownerId = v.owner_id ?? null;
  if (ownerId !== survivor.owner_id) {
    assertCanGiveAway(ctx.actor, survivor, 'change the owner of');
    await assertCanAssignOwner(ctx, ownerId, 'fields.ownerId');
    if (ownerId !== null) {
      const errors = await checkUserRef(ctx, 'fields.ownerId', ownerId);
      if (errors.length > 0) throw validationError(errors);
    }
  }
  const points = await Promise.all([loadOwnPoints(ctx.db, 'customer_id', survivor.id), loadOwnPoints(ctx.db, 'customer_id', merged.id)]);
  const allPoints = unionPoints(...points);
  const draft = {
    kind: v.kind,
    name: v.name,
    stage: v.stage,
    level: v.level,
    source: v.source,
    industry: v.industry,
    ownerId,
    country: v.country,
    province: v.province,
    city: v.city,
    district: v.district,
    address: v.address,
    postcode: v.postcode,
    website: v.website,
    birthday: v.birthday,
    notes: v.notes,
  } as CustomerDraft;
  const normalised = normaliseCustomer(draft, {}, allPoints, ctx.settings.defaultRegion);
  if (normalised.row === null) throw validationError(normalised.errors);
  const row = {
    ...normalised.row,
    id_number_enc: v.id_number_enc ?? null,
    id_number_bidx: v.id_number_bidx ?? null,
    bank_account_enc: v.bank_account_enc ?? null,
    external_id: v.external_id ?? null,
    custom: JSON.stringify(choice.custom),
  };
  return { row, points: allPoints, decisions: choice.decisions };
}

/**
 * Merges one customer into another: the survivor takes the chosen field values and every
 * phone, email, tag and share of both; contacts, deals, orders, interactions and tasks move
 * to it; the merged customer goes to the recycle bin. Both must be writable for the actor
 * (404 if invisible, 403 if read-only). Recorded in `merges` so `undoMerge` can reverse it.
 */
export async function mergeCustomers(ctx: Ctx, input: MergeInput): Promise<MergeShape> {
  assertCanWrite(ctx.actor);
  assertTwoRecords(input);
  const survivor = await findCustomerForWrite(ctx, input.survivorId);
  const merged = await findCustomerForWrite(ctx, input.mergedId);
  checkVersion('customer', survivor.id, survivor.version, input.expectedVersions?.survivor);
  checkVersion('customer', merged.id, merged.version, input.expectedVersions?.merged);
  const next = await mergedRow(ctx, survivor, merged, input);
  const before = await loadCustomer(ctx, survivor.id);
  const now = nowIso(ctx);
  const actorId = ctx.actor.userId;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const beforeImage = await takeBeforeImage(tx.db, 'customers', survivor.id, merged.deleted_at);
      // The merged record leaves first, so a value unique among live records may pass to the survivor.
      await updateVersioned(tx.db, { table: 'customers', entity: 'customer', id: merged.id, version: merged.version }, { deleted_at: now }, ctx.actor, now);
      await updateVersioned(tx.db, { table: 'customers', entity: 'customer', id: survivor.id, version: survivor.version }, next.row, ctx.actor, now);
      await replacePoints(tx.db, 'customer_id', survivor.id, ['phone', 'email'], next.points, now);
      const moved = await moveChildren(tx.db, CUSTOMER_CHILDREN, { fromId: merged.id, toId: survivor.id, actorId, now });
      await refreshOrderStats(tx, [merged.id, survivor.id]);
      const added = {
        tagIds: await unionTags(tx.db, CUSTOMER_TAG_LINK, survivor.id, merged.id, now),
        shareIds: await unionShares(tx.db, survivor.id, merged.id, actorId, now),
      };
      await refreshContactsOfCustomer(tx, survivor.id, next.row.name);
      const after = await loadCustomer(tx, survivor.id);
      return recordMerge(tx, { entity: 'customers', survivorId: survivor.id, mergedId: merged.id, decisions: next.decisions, beforeImage, moved, added, survivorVersion: survivor.version + 1, before, after, now });
    }),
  );
}
