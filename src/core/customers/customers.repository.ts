import type { Kysely, Selectable } from 'kysely';
import type { CustomerShape } from '../../domain/customer.ts';
import { notFound } from '../../domain/errors.ts';
import type { Ctx, Deps } from '../context.ts';
import { maskSensitive, openSensitive } from '../crypto/sensitive-columns.ts';
import { preparedForActor } from '../db/prepared.ts';
import type { CustomerTable, Schema } from '../db/schema.ts';
import { visibleCustomers, writableCustomers } from './customers.policy.ts';
import { assertCanWrite } from '../access/writes.ts';
import { mayWrite, writableRow } from '../access/write-loader.ts';
import { recordMeta } from '../records/record-meta.ts';
import { presentCustom } from '../crypto/sealed-custom.ts';

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

/**
 * A customer loaded for a write: 403 for a read-only token or role before any lookup, 404 when
 * the actor cannot see it, 403 when they may see but not change it (see writableCustomers).
 */
export async function findCustomerForWrite(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<CustomerRow> {
  assertCanWrite(ctx.actor);
  const row = await customersQuery(ctx)
    .selectAll('customers')
    .select(mayWrite(writableCustomers(ctx.actor)))
    .where('customers.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('customers.deleted_at', 'is', null))
    .executeTakeFirst();
  return writableRow('customer', id, row);
}

const recordColumns = [
  'customers.id',
  'customers.version',
  'customers.created_at',
  'customers.updated_at',
  'customers.created_by',
  'customers.updated_by',
  'customers.deleted_at',
  'customers.kind',
  'customers.name',
  'customers.name_pinyin',
  'customers.name_initials',
  'customers.stage',
  'customers.level',
  'customers.source',
  'customers.industry',
  'customers.owner_id',
  'customers.country',
  'customers.province',
  'customers.city',
  'customers.district',
  'customers.address',
  'customers.postcode',
  'customers.website',
  'customers.birthday',
  'customers.notes',
  'customers.custom',
  'customers.id_number_enc',
  'customers.bank_account_enc',
] as const;

/** Complete customer records: phones, emails and tags come in the same query as JSON arrays. */
const customerRecords = ({ db, dialect }: Pick<Deps, 'db' | 'dialect'>) =>
  db
    .selectFrom('customers')
    .select(recordColumns)
    .select((eb) => [
      dialect
        .jsonArrayFrom(
          eb
            .selectFrom('contact_points')
            .select(['contact_points.kind', 'contact_points.value', 'contact_points.raw', 'contact_points.label', 'contact_points.is_primary'])
            .whereRef('contact_points.customer_id', '=', 'customers.id')
            .orderBy('contact_points.is_primary', 'desc')
            .orderBy('contact_points.position'),
        )
        .as('points'),
      dialect
        .jsonArrayFrom(
          eb
            .selectFrom('customer_tags')
            .innerJoin('tags', 'tags.id', 'customer_tags.tag_id')
            .select('tags.name')
            .whereRef('customer_tags.customer_id', '=', 'customers.id')
            .where('tags.deleted_at', 'is', null)
            .orderBy('tags.name'),
        )
        .as('tags'),
    ]);

/** Customers the actor may see, as complete records (lists). */
export const customerRecordsQuery = (ctx: Ctx) => customerRecords(ctx).where(visibleCustomers(ctx.actor));

// Reading one customer is the hottest path: one query, compiled once per policy shape (role,
// team count), with the actor's ids bound as parameters on every run — nothing about the
// actor is cached, so the policy holds exactly as in customerRecordsQuery.
const visibleRecordById = (includeDeleted: boolean) =>
  preparedForActor(['id'], (deps, p, actor) =>
    customerRecords(deps)
      .where(visibleCustomers(actor))
      .where('customers.id', '=', p.id)
      .$if(!includeDeleted, (q) => q.where('customers.deleted_at', 'is', null)),
  );
const liveRecordById = visibleRecordById(false);
const anyRecordById = visibleRecordById(true);

type CustomerRecordRow = Awaited<ReturnType<ReturnType<typeof customerRecordsQuery>['executeTakeFirstOrThrow']>>;
type PointJson = { kind: 'phone' | 'email'; value: string; raw: string; label: string | null; is_primary: boolean | number };

export function toCustomer(deps: Deps, row: CustomerRecordRow): CustomerShape {
  const phones: CustomerShape['phones'] = [];
  const emails: CustomerShape['emails'] = [];
  for (const p of deps.dialect.parseJson<PointJson[]>(row.points)) {
    (p.kind === 'phone' ? phones : emails).push({ value: p.value, raw: p.raw, label: p.label, primary: Boolean(p.is_primary) });
  }
  const meta = recordMeta(row);
  const sensitive = maskSensitive(openSensitive(deps.crypto, row));
  // One object literal without spreads: V8 builds it with a fixed shape, which is far cheaper
  // than copying spread properties into it on this hot path.
  return {
    id: meta.id,
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    createdBy: meta.createdBy,
    updatedBy: meta.updatedBy,
    deletedAt: meta.deletedAt,
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
    district: row.district,
    address: row.address,
    postcode: row.postcode,
    website: row.website,
    birthday: row.birthday,
    notes: row.notes,
    idNumber: sensitive.idNumber,
    bankAccount: sensitive.bankAccount,
    phones,
    emails,
    tags: deps.dialect.parseJson<Array<{ name: string }>>(row.tags).map((t) => t.name),
    custom: presentCustom(deps.dialect.parseJson<Record<string, unknown>>(row.custom)),
  };
}

/**
 * The answer to a write after which the writer may no longer see the customer (a manager
 * releasing one to the pool): the record as stored, whoever asks. Never for a read.
 */
export async function loadCustomerAfterWrite(deps: Deps, id: number): Promise<CustomerShape> {
  const row = await customerRecords(deps).where('customers.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer', id);
  return toCustomer(deps, row);
}

export async function loadCustomer(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<CustomerShape> {
  const [row] = await (options.includeDeleted ? anyRecordById : liveRecordById)(ctx, { id });
  if (!row) throw notFound('customer', id);
  return toCustomer(ctx, row);
}
