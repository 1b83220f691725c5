import type { Kysely } from 'kysely';
import type { FieldChanges } from '../../domain/audit.ts';
import type { CustomerCreateInput } from '../../domain/customer.ts';
import { normaliseName } from '../../domain/text.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordBulkAudit } from '../audit/record-bulk-audit.ts';
import { inTransaction, nowIso, type Actor, type Ctx } from '../context.ts';
import { assertOwnersWithinLimit } from '../pool/holding-limit.ts';
import type { Schema } from '../db/schema.ts';
import { insertRows, insertRowsReturningIds } from '../records/insert-batches.ts';
import { ensureTags } from '../tags/tags.repository.ts';
import { bulkCustomerPreparer, type BulkCustomer, type BulkRowError } from './bulk-customer-rows.ts';

export type { BulkRowError } from './bulk-customer-rows.ts';

export interface BulkInsertProgress {
  /** input rows read so far */
  processed: number;
  inserted: number;
  invalid: number;
}

export interface BulkInsertOptions {
  /** Input rows validated and written together; memory grows with it. Default 5,000. */
  chunkSize?: number;
  onProgress?: (progress: BulkInsertProgress) => void;
}

export interface BulkInsertResult extends BulkInsertProgress {
  /** every problem of every rejected row; rejected rows are not written */
  errors: BulkRowError[];
}

const DEFAULT_CHUNK_SIZE = 5_000;

async function* chunksOf<T>(rows: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Writes prepared customers with their phones, emails and tags in multi-row statements; returns their new ids in order. */
async function writeCustomers(db: Kysely<Schema>, customers: BulkCustomer[], actor: Actor, now: string): Promise<number[]> {
  if (customers.length === 0) return [];
  const stamp = { created_at: now, updated_at: now, created_by: actor.userId, updated_by: actor.userId };
  const ids = await insertRowsReturningIds(db, 'customers', customers.map((c) => ({ ...c.row, external_id: c.externalId ?? null, ...stamp })));
  const points = customers.flatMap((c, i) =>
    c.points.map((p) => ({ customer_id: ids[i], contact_id: null, kind: p.kind, value: p.value, raw: p.raw, label: p.label, is_primary: p.isPrimary, position: p.position, created_at: now })),
  );
  await insertRows(db, 'contact_points', points);
  const tagNames = customers.map((c) => [...new Set(c.tags.map(normaliseName).filter(Boolean))]);
  const distinct = [...new Set(tagNames.flat())];
  if (distinct.length > 0) {
    const tagIds = new Map((await ensureTags(db, distinct, actor.userId, now)).map((id, i) => [distinct[i], id]));
    const links = tagNames.flatMap((names, i) => names.map((name) => ({ customer_id: ids[i], tag_id: tagIds.get(name), created_at: now })));
    await insertRows(db, 'customer_tags', links);
  }
  return ids;
}

/** A prepared customer and the file row (or input position) it came from, for its history. */
export interface NewCustomer {
  customer: BulkCustomer;
  row: number | null;
}

/**
 * The write half of creating many customers (bulkInsertCustomers, an import batch): the rows
 * with their phones, emails and tags, the holding limit of every owner they add to, and one
 * audit entry covering each new record with its row, `note` (e.g. the import job) beside.
 * Run it inside the write's transaction and, for many rows, dialect.withSearchIndexSuspended;
 * returns the new ids in order.
 */
export async function insertNewCustomers(ctx: Ctx, items: NewCustomer[], note?: FieldChanges): Promise<number[]> {
  if (items.length === 0) return [];
  const ids = await writeCustomers(ctx.db, items.map((i) => i.customer), ctx.actor, nowIso(ctx));
  await recordBulkAudit(ctx, { action: 'create', entity: 'customer', subjects: ids.map((id, i) => ({ id, row: items[i]?.row ?? null })), ...(note ? { changes: note } : {}) });
  const added = new Map<number, number>();
  for (const { customer } of items) if (customer.row.owner_id != null) added.set(customer.row.owner_id, (added.get(customer.row.owner_id) ?? 0) + 1);
  await assertOwnersWithinLimit(ctx, added);
  return ids;
}

/**
 * Creates many customers at once (seeding, benchmarks) with createCustomer's rules: validation
 * and normalisation, the owner rule, custom fields, sealed sensitive fields, the holding limit
 * and the audit (one entry per chunk, indexed per record with its 0-based input position).
 * Invalid rows are reported, not thrown, and not written; the valid ones are written in
 * multi-row statements in one transaction, so either all of them land or none (a holding
 * limit passed refuses the whole call, 409).
 */
export async function bulkInsertCustomers(
  ctx: Ctx,
  rows: Iterable<CustomerCreateInput> | AsyncIterable<CustomerCreateInput>,
  options: BulkInsertOptions = {},
): Promise<BulkInsertResult> {
  assertCanWrite(ctx.actor);
  const progress: BulkInsertProgress = { processed: 0, inserted: 0, invalid: 0 };
  const errors: BulkRowError[] = [];
  await inTransaction(ctx, (tx) =>
    tx.dialect.withSearchIndexSuspended(tx.db, 'customers', async () => {
      const prepareMany = await bulkCustomerPreparer(tx);
      for await (const chunk of chunksOf(rows, options.chunkSize ?? DEFAULT_CHUNK_SIZE)) {
        const prepared = await prepareMany(chunk);
        const valid: NewCustomer[] = [];
        prepared.forEach((result, offset) => {
          if (Array.isArray(result)) errors.push(...result.map((e) => ({ row: progress.processed + offset, ...e })));
          else valid.push({ customer: result, row: progress.processed + offset });
        });
        await insertNewCustomers(tx, valid);
        progress.processed += chunk.length;
        progress.inserted += valid.length;
        progress.invalid += chunk.length - valid.length;
        options.onProgress?.({ ...progress });
      }
    }),
  );
  return { ...progress, errors };
}
