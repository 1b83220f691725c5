import type { Kysely } from 'kysely';
import { recordChanges } from '../../domain/audit.ts';
import { codedError } from '../../domain/errors.ts';
import type { MergeShape } from '../../domain/merge.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { loadContact } from '../contacts/contacts.repository.ts';
import { refreshContactsOfCustomer } from '../contacts/refresh-contact-search.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { writableIds } from '../access/writable-ids.ts';
import { loadCustomer } from '../customers/customers.repository.ts';
import type { Schema } from '../db/schema.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { updateVersioned } from '../records/versioned.ts';
import { refreshOrderStats } from '../analytics/refresh-order-stats.ts';
import { auditMovedChildren, CONTACT_CHILDREN, CUSTOMER_CHILDREN, moveChildrenBack, type MovedRows } from './merge-children.ts';
import { CONTACT_TAG_LINK, CUSTOMER_TAG_LINK, removeShares, unlinkTags, type AddedLinks } from './merge-links.ts';
import { restoreBeforeImage, type BeforeImage } from './merge-snapshot.ts';
import { decidePair, findMergeRow, toMerge } from './merges.repository.ts';

const KINDS = {
  customers: { table: 'customers', entity: 'customer', children: CUSTOMER_CHILDREN, tags: CUSTOMER_TAG_LINK, load: loadCustomer },
  contacts: { table: 'contacts', entity: 'contact', children: CONTACT_CHILDREN, tags: CONTACT_TAG_LINK, load: loadContact },
} as const;

type StoredRow = { id: number; version: number; name: string; deleted_at: string | null; customer_id: number | null };

async function storedRow(db: Kysely<Schema>, table: 'customers' | 'contacts', id: number): Promise<StoredRow | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- customers and contacts answer the same columns here
  const row = await (db as Kysely<any>)
    .selectFrom(table)
    .select(['id', 'version', 'name', 'deleted_at', table === 'customers' ? 'id as customer_id' : 'customer_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row as StoredRow | undefined;
}

/** A merge still in force, made after `id`, that involves one of `ids`: undoing `id` first would tangle the two. */
async function laterMerge(db: Kysely<Schema>, entity: 'customers' | 'contacts', id: number, ids: number[]): Promise<number | undefined> {
  const row = await db
    .selectFrom('merges')
    .select('id')
    .where('entity', '=', entity)
    .where('id', '>', id)
    .where('undone_at', 'is', null)
    .where((eb) => eb.or([eb('survivor_id', 'in', ids), eb('merged_id', 'in', ids)]))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/**
 * Reverses a merge exactly: the survivor gets back its fields, phones, emails, tags and shares
 * as they were, the moved rows return to the merged record, which leaves the recycle bin; the
 * pair is open again. 409 if the survivor changed since the merge (those changes would be
 * lost) unless `force`.
 */
export async function undoMerge(ctx: Ctx, id: number, options: { force?: boolean | undefined } = {}): Promise<MergeShape> {
  assertCanWrite(ctx.actor);
  const merge = await findMergeRow(ctx, id);
  const kind = KINDS[merge.entity];
  if (merge.undone_at !== null) throw codedError('conflict', 'merge.already_undone', { id, at: merge.undone_at });
  const survivor = await storedRow(ctx.db, kind.table, Number(merge.survivor_id));
  const merged = await storedRow(ctx.db, kind.table, Number(merge.merged_id));
  if (!survivor || !merged) throw codedError('conflict', 'merge.purged', { id });
  const writable = await writableIds(ctx, kind.entity, [survivor.id, merged.id]);
  if (!writable.has(survivor.id) || !writable.has(merged.id)) {
    throw codedError('forbidden', 'merge.not_yours', { id, entity: kind.entity, survivor: survivor.id, merged: merged.id });
  }
  const later = await laterMerge(ctx.db, merge.entity, id, [survivor.id, merged.id]);
  if (later !== undefined) {
    throw codedError('conflict', 'merge.later_merge', { id, later });
  }
  if (survivor.version !== merge.survivor_version && !options.force) {
    throw codedError('conflict', 'merge.survivor_changed', { id, entity: kind.entity, survivor: survivor.id, then: merge.survivor_version, now: survivor.version });
  }
  const image = ctx.dialect.parseJson<BeforeImage>(merge.before_image);
  const moved = ctx.dialect.parseJson<MovedRows>(merge.moved);
  const added = ctx.dialect.parseJson<AddedLinks>(merge.added);
  const before = await kind.load(ctx, survivor.id);
  const now = nowIso(ctx);
  const actorId = ctx.actor.userId;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      // The survivor lets go first, so a value unique among live records (external id) can return to the merged one.
      await restoreBeforeImage(tx.db, { table: kind.table, entity: kind.entity, id: survivor.id, version: survivor.version }, image, ctx.actor, now);
      await updateVersioned(tx.db, { table: kind.table, entity: kind.entity, id: merged.id, version: merged.version }, { deleted_at: image.mergedDeletedAt }, ctx.actor, now);
      await moveChildrenBack(tx.db, kind.children, moved, { fromId: survivor.id, toId: merged.id, actorId, now });
      if (merge.entity === 'customers') await refreshOrderStats(tx, [survivor.id, merged.id]);
      await unlinkTags(tx.db, kind.tags, survivor.id, added.tagIds);
      await removeShares(tx.db, added.shareIds);
      if (merge.entity === 'customers') {
        await refreshContactsOfCustomer(tx, survivor.id, String(image.row.name));
        await refreshContactsOfCustomer(tx, merged.id, merged.name);
      }
      await tx.db.updateTable('merges').set({ undone_at: now, undone_by: actorId }).where('id', '=', id).execute();
      // The survivor is back as an earlier merge left it: that merge stays undoable.
      await tx.db
        .updateTable('merges')
        .set({ survivor_version: survivor.version + 1 })
        .where('entity', '=', merge.entity)
        .where('survivor_id', '=', survivor.id)
        .where('undone_at', 'is', null)
        .where('id', '<', id)
        .where('survivor_version', '=', Number(image.row.version))
        .execute();
      await decidePair(tx.db, { entity: merge.entity, ids: [survivor.id, merged.id], status: 'open', actorId, now });
      const after = await kind.load(tx, survivor.id);
      await auditMovedChildren(tx, moved, { fromId: survivor.id, toId: merged.id }, { mergeId: [id, null] });
      await recordAudit(tx, {
        action: 'unmerge',
        entity: kind.entity,
        entityId: survivor.id,
        changes: { ...recordChanges(before, after), mergeId: [id, null], mergedFrom: [merged.id, null] },
      });
      await recordAudit(tx, {
        action: 'restore',
        entity: kind.entity,
        entityId: merged.id,
        changes: { deletedAt: [merged.deleted_at, image.mergedDeletedAt], mergedInto: [survivor.id, null] },
      });
      const row = await tx.db.selectFrom('merges').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return toMerge(ctx, row);
    }),
  );
}
