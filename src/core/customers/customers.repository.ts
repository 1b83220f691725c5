import type { Kysely, Selectable } from 'kysely';
import type { CustomerShape } from '../../domain/customer.ts';
import { notFound } from '../../domain/errors.ts';
import { loadPoints } from '../contact-points/contact-points.repository.ts';
import type { Ctx, Deps } from '../context.ts';
import type { CustomerTable, Schema } from '../db/schema.ts';
import { CUSTOMER_TAGS, loadTags } from '../tags/tags.repository.ts';
import { visibleCustomers } from './customers.policy.ts';

export type CustomerRow = Selectable<CustomerTable>;

/** Customers the actor may see; every customer read starts here. */
export const customersQuery = (ctx: Ctx, db: Kysely<Schema> = ctx.db) =>
  db.selectFrom('customers').where(visibleCustomers(ctx.actor));

export async function findCustomerRow(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<CustomerRow> {
  const row = await customersQuery(ctx)
    .selectAll('customers')
    .where('customers.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('customers.deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('customer', id);
  return row;
}

/** Rows to API records, loading phones, emails and tags in two queries for the whole page. */
export async function hydrateCustomers(deps: Deps, rows: CustomerRow[]): Promise<CustomerShape[]> {
  const ids = rows.map((r) => r.id);
  const [points, tags] = await Promise.all([loadPoints(deps.db, 'customer_id', ids), loadTags(deps.db, CUSTOMER_TAGS, ids)]);
  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    deletedAt: row.deleted_at,
    kind: row.kind,
    name: row.name,
    pinyin: row.name_pinyin,
    initials: row.name_initials,
    stage: row.stage,
    level: row.level,
    source: row.source,
    industry: row.industry,
    ownerId: row.owner_id,
    country: row.country,
    province: row.province,
    city: row.city,
    address: row.address,
    website: row.website,
    notes: row.notes,
    phones: points.get(row.id)?.phones ?? [],
    emails: points.get(row.id)?.emails ?? [],
    tags: tags.get(row.id) ?? [],
    custom: deps.dialect.parseJson<Record<string, unknown>>(row.custom),
  }));
}

export async function loadCustomer(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<CustomerShape> {
  const [customer] = await hydrateCustomers(ctx, [await findCustomerRow(ctx, id, options)]);
  return customer as CustomerShape;
}
