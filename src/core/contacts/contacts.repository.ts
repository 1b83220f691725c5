import type { Kysely, Selectable } from 'kysely';
import { cardColumn, CONTACT_CARD_KEYS, type ContactShape } from '../../domain/contact.ts';
import { notFound } from '../../domain/errors.ts';
import { loadPoints } from '../contact-points/contact-points.repository.ts';
import type { Ctx, Deps } from '../context.ts';
import type { ContactTable, Schema } from '../db/schema.ts';
import { CONTACT_TAGS, loadTags } from '../tags/tags.repository.ts';
import { visibleContacts, writableContacts } from './contacts.policy.ts';
import { assertCanWrite } from '../access/writes.ts';
import { mayWrite, writableRow } from '../access/write-loader.ts';
import { recordMeta } from '../records/record-meta.ts';
import { presentCustom } from '../crypto/sealed-custom.ts';

export type ContactRow = Selectable<ContactTable>;

/** Contacts the actor may see; every contact read starts here. */
export const contactsQuery = (ctx: Ctx, db: Kysely<Schema> = ctx.db) =>
  db.selectFrom('contacts').where(visibleContacts(ctx.actor));

export async function findContactRow(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<ContactRow> {
  const row = await contactsQuery(ctx)
    .selectAll('contacts')
    .where('contacts.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('contacts.deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('contact', id);
  return row;
}

/** A contact loaded for a write: 403 read-only token or role, 404 invisible, 403 read-only (see writableContacts). */
export async function findContactForWrite(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<ContactRow> {
  assertCanWrite(ctx.actor);
  const row = await contactsQuery(ctx)
    .selectAll('contacts')
    .select(mayWrite(writableContacts(ctx.actor)))
    .where('contacts.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('contacts.deleted_at', 'is', null))
    .executeTakeFirst();
  return writableRow('contact', id, row);
}

/** Names of customers by id, for showing a contact's company; callers pass only visible customers' ids. */
export async function loadCustomerNames(db: Kysely<Schema>, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('customers').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Rows to API records, loading phones, emails, tags and company names in three queries for the whole page. */
export async function hydrateContacts(deps: Deps, rows: ContactRow[]): Promise<ContactShape[]> {
  const ids = rows.map((r) => r.id);
  const [points, tags, customerNames] = await Promise.all([
    loadPoints(deps.db, 'contact_id', ids),
    loadTags(deps.db, CONTACT_TAGS, ids),
    loadCustomerNames(deps.db, rows.map((r) => r.customer_id)),
  ]);
  return rows.map((row) => ({
    ...recordMeta(row),
    name: row.name,
    pinyin: row.name_pinyin,
    initials: row.name_initials,
    customerId: row.customer_id,
    customerName: row.customer_id === null ? null : (customerNames.get(Number(row.customer_id)) ?? null),
    title: row.title,
    gender: row.gender,
    birthday: row.birthday,
    notes: row.notes,
    ...cardFields(row),
    phones: points.get(row.id)?.phones ?? [],
    emails: points.get(row.id)?.emails ?? [],
    tags: tags.get(row.id) ?? [],
    custom: presentCustom(deps.dialect.parseJson<Record<string, unknown>>(row.custom)),
  }));
}

/** The address-book fields of a row (family name, nickname, address …), by their API names. */
export const cardFields = (row: ContactRow): Pick<ContactShape, (typeof CONTACT_CARD_KEYS)[number]> =>
  Object.fromEntries(CONTACT_CARD_KEYS.map((field) => [field, row[cardColumn(field) as keyof ContactRow] ?? null])) as Pick<ContactShape, (typeof CONTACT_CARD_KEYS)[number]>;

export async function loadContact(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<ContactShape> {
  const [contact] = await hydrateContacts(ctx, [await findContactRow(ctx, id, options)]);
  return contact as ContactShape;
}
