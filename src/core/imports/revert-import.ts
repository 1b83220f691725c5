import { sql } from 'kysely';
import { CONTACT_CARD_KEYS, type ContactShape } from '../../domain/contact.ts';
import { CUSTOMER_SCALAR_FIELDS, type CustomerPatchInput, type CustomerShape } from '../../domain/customer.ts';
import { codedError } from '../../domain/errors.ts';
import type { ImportJobShape } from '../../domain/import-job.ts';
import { writableIds } from '../access/writable-ids.ts';
import { assertCanWrite } from '../access/writes.ts';
import { refreshStaleOrderStats } from '../analytics/refresh-order-stats.ts';
import { recordAudit, recordAuditEntries } from '../audit/record-audit.ts';
import { updateContact } from '../contacts/update-contact.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { sealedOf, type SealedColumns } from '../customers/prepare-sensitive.ts';
import { updateCustomer } from '../customers/update-customer.ts';
import { findJobRow, loadJob } from './import-jobs.repository.ts';
import { padded } from './match-duplicates.ts';

type Entity = 'customer' | 'contact' | 'order' | 'interaction';
const TABLE = { customer: 'customers', contact: 'contacts', order: 'orders', interaction: 'interactions' } as const;
const CHUNK = 5_000;

const pointInputs = (points: CustomerShape['phones']) => points.map((p) => ({ value: p.raw, ...(p.label ? { label: p.label } : {}), primary: p.primary }));

/** Custom keys the import added are cleared (null removes a value); the others get their old values. */
const customBack = (before: Record<string, unknown>, now: Record<string, unknown>) => ({
  ...Object.fromEntries(Object.keys(now).map((k) => [k, null])),
  ...before,
});

async function restoreCustomer(ctx: Ctx, before: CustomerShape & { storedCustom?: Record<string, unknown>; storedSealed?: SealedColumns }): Promise<void> {
  const current = await ctx.db.selectFrom('customers').select('custom').where('id', '=', before.id).executeTakeFirst();
  if (!current) return;
  await updateCustomer(ctx, before.id, {
    kind: before.kind,
    name: before.name,
    // a snapshot older than a field leaves it undefined: not touched
    ...(Object.fromEntries(CUSTOMER_SCALAR_FIELDS.map((field) => [field, before[field]])) as CustomerPatchInput),
    phones: pointInputs(before.phones),
    emails: pointInputs(before.emails),
    tags: before.tags,
    ...(before.storedCustom ? {} : { custom: customBack(before.custom, ctx.dialect.parseJson<Record<string, unknown>>(current.custom)) }),
  });
  // The stored values exactly as they were, sealed sensitive ones included (the API shape has only their masks).
  if (before.storedCustom) await ctx.db.updateTable('customers').set({ custom: JSON.stringify(before.storedCustom) }).where('id', '=', before.id).execute();
  if (before.storedSealed) await ctx.db.updateTable('customers').set(sealedOf(before.storedSealed)).where('id', '=', before.id).execute();
}

async function restoreContact(ctx: Ctx, before: ContactShape): Promise<void> {
  const current = await ctx.db.selectFrom('contacts').select('custom').where('id', '=', before.id).executeTakeFirst();
  if (!current) return;
  await updateContact(ctx, before.id, {
    name: before.name,
    customerId: before.customerId,
    title: before.title,
    gender: before.gender,
    birthday: before.birthday,
    notes: before.notes,
    // an import before these fields existed has none in its before-image
    ...Object.fromEntries(CONTACT_CARD_KEYS.map((field) => [field, before[field] ?? null])),
    phones: pointInputs(before.phones),
    emails: pointInputs(before.emails),
    tags: before.tags,
    custom: customBack(before.custom, ctx.dialect.parseJson<Record<string, unknown>>(current.custom)),
  });
}

/** Ids of created records nobody has changed since (version 1) and nothing else points at: these go for good. */
async function untouched(ctx: Ctx, entity: Entity, ids: number[]): Promise<number[]> {
  const table = TABLE[entity];
  const refs: Record<Entity, Array<[string, string]>> = {
    customer: [['contacts', 'customer_id'], ['deals', 'customer_id'], ['orders', 'customer_id'], ['interactions', 'customer_id'], ['tasks', 'customer_id'], ['customer_shares', 'customer_id']],
    contact: [['deals', 'contact_id'], ['interactions', 'contact_id'], ['tasks', 'contact_id']],
    order: [],
    interaction: [],
  };
  const rows = await ctx.db
    .selectFrom(table)
    .select(`${table}.id`)
    .where(`${table}.id`, 'in', padded(ids))
    .where(`${table}.version`, '=', 1)
    .where(`${table}.deleted_at`, 'is', null)
    .where(({ and, not, exists, selectFrom }) =>
      and(refs[entity].map(([t, c]) => not(exists(selectFrom(t as 'tasks').select(sql.lit(1).as('one')).where(sql.ref(`${t}.${c}`), '=', sql.ref(`${table}.id`)))))),
    )
    .execute();
  return rows.map((r) => Number(r.id));
}

/** The records among `ids` the actor may still change: revert never reaches past the access policy. */
const writable = async (ctx: Ctx, entity: Entity, ids: number[]): Promise<number[]> => [...(await writableIds(ctx, entity, ids))];

async function removeCreated(ctx: Ctx, entity: Entity, all: number[], now: string, jobId: number): Promise<number> {
  const table = TABLE[entity];
  const ids = await writable(ctx, entity, all);
  const gone = await untouched(ctx, entity, ids);
  if (gone.length > 0) {
    if (entity === 'customer') {
      await ctx.db.deleteFrom('customer_tags').where('customer_id', 'in', padded(gone)).execute();
      await ctx.db.deleteFrom('contact_points').where('customer_id', 'in', padded(gone)).execute();
    }
    if (entity === 'contact') {
      await ctx.db.deleteFrom('contact_tags').where('contact_id', 'in', padded(gone)).execute();
      await ctx.db.deleteFrom('contact_points').where('contact_id', 'in', padded(gone)).execute();
    }
    if (entity === 'order') await ctx.db.deleteFrom('order_items').where('order_id', 'in', padded(gone)).execute();
    await ctx.db.deleteFrom(table).where('id', 'in', padded(gone)).execute();
  }
  const kept = ids.filter((id) => !gone.includes(id));
  // Changed since the import, or referenced: to the recycle bin, where it can still be restored.
  if (kept.length > 0) {
    await ctx.db
      .updateTable(table)
      .set((eb) => ({ deleted_at: now, updated_at: now, updated_by: ctx.actor.userId, version: eb('version', '+', 1) }))
      .where('id', 'in', padded(kept))
      .where('deleted_at', 'is', null)
      .execute();
  }
  // Each removed record says why in its own history.
  await recordAuditEntries(ctx, ids.map((id) => ({ action: 'delete', entity, entityId: id, changes: { revertedImport: [null, jobId] } })));
  return ids.length;
}

/**
 * Undoes a finished (or failed) import: records it created are deleted — for good when nobody
 * touched them since, else to the recycle bin — and records it updated get their before-image
 * back. One transaction, audited.
 */
export async function revertImport(ctx: Ctx, jobId: number): Promise<ImportJobShape> {
  assertCanWrite(ctx.actor);
  const job = await findJobRow(ctx, jobId);
  if (job.status === 'reverted') throw codedError('conflict', 'import.reverted_already', { id: jobId });
  if (job.status === 'running' || job.status === 'queued') throw codedError('conflict', 'import.still_running', { id: jobId, status: job.status });
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    let removed = 0;
    let restored = 0;
    // Records the importer may no longer change (moved to another rep since, say) are left alone.
    let kept = 0;
    for (const entity of ['interaction', 'order', 'contact', 'customer'] as const) {
      let after = 0;
      for (;;) {
        const chunk = await tx.db.selectFrom('import_job_records').select(['id', 'entity_id']).where('job_id', '=', jobId).where('entity', '=', entity).where('action', '=', 'create').where('id', '>', after).orderBy('id').limit(CHUNK).execute();
        if (chunk.length === 0) break;
        after = Number(chunk.at(-1)?.id);
        const ids = chunk.map((r) => Number(r.entity_id));
        const done = await removeCreated(tx, entity, ids, now, jobId);
        removed += done;
        kept += ids.length - done;
      }
    }
    const updates = await tx.db.selectFrom('import_job_records').select(['entity', 'before']).where('job_id', '=', jobId).where('action', '=', 'update').orderBy('id', 'desc').execute();
    for (const u of updates) {
      const before = tx.dialect.parseJson<CustomerShape & ContactShape>(u.before);
      // A record deleted since the import stays deleted; its before-image has nothing to return to.
      const gone = await tx.db.selectFrom(TABLE[u.entity]).select('id').where('id', '=', before.id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!gone) continue;
      if ((await writable(tx, u.entity as Entity, [before.id])).length === 0) {
        kept++;
        continue;
      }
      const reverting = { ...tx, auditNote: { revertedImport: [null, jobId] } } satisfies Ctx;
      if (u.entity === 'customer') await restoreCustomer(reverting, before);
      if (u.entity === 'contact') await restoreContact(reverting, before);
      restored++;
    }
    // the orders removed above marked their customers; their order figures follow in this transaction
    await refreshStaleOrderStats(tx);
    await recordAudit(tx, { action: 'delete', entity: 'import_job', entityId: jobId, changes: { status: [job.status, 'reverted'], removed: [null, removed], restored: [null, restored], leftAlone: [null, kept] } });
    await tx.db.updateTable('import_jobs').set({ status: 'reverted', finished_at: now, updated_at: now }).where('id', '=', jobId).execute();
  });
  return loadJob(ctx, jobId);
}
