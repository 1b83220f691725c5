import type { Kysely } from 'kysely';
import { dedupeRecord, type DedupeRecord } from '../../domain/duplicate-score.ts';
import type { DuplicateEntity } from '../../domain/duplicate.ts';
import type { Schema } from '../db/schema.ts';

const PAGE = 10_000;

type Points = Map<number, { phones: string[]; emails: string[] }>;

async function pointsOf(db: Kysely<Schema>, owner: 'customer_id' | 'contact_id', ids: number[]): Promise<Points> {
  const points: Points = new Map();
  if (ids.length === 0) return points;
  const rows = await db
    .selectFrom('contact_points')
    .select([`contact_points.${owner} as owner`, 'contact_points.kind', 'contact_points.value'])
    .where(`contact_points.${owner}`, 'in', ids)
    .execute();
  for (const row of rows) {
    const id = Number(row.owner);
    let lists = points.get(id);
    if (!lists) points.set(id, (lists = { phones: [], emails: [] }));
    (row.kind === 'phone' ? lists.phones : lists.emails).push(row.value);
  }
  return points;
}

/** Points of the owners with ids in [first, last]: one range scan instead of a long IN list. */
async function pointsInRange(db: Kysely<Schema>, owner: 'customer_id' | 'contact_id', first: number, last: number): Promise<Points> {
  const points: Points = new Map();
  const rows = await db
    .selectFrom('contact_points')
    .select([`contact_points.${owner} as owner`, 'contact_points.kind', 'contact_points.value'])
    .where(`contact_points.${owner}`, '>=', first)
    .where(`contact_points.${owner}`, '<=', last)
    .execute();
  for (const row of rows) {
    const id = Number(row.owner);
    let lists = points.get(id);
    if (!lists) points.set(id, (lists = { phones: [], emails: [] }));
    (row.kind === 'phone' ? lists.phones : lists.emails).push(row.value);
  }
  return points;
}

const NONE = { phones: [] as string[], emails: [] as string[] };

function customersPage(db: Kysely<Schema>) {
  return db
    .selectFrom('customers')
    .select(['id', 'kind', 'name', 'name_pinyin', 'city', 'province', 'address', 'postcode', 'birthday', 'id_number_bidx'])
    .where('deleted_at', 'is', null);
}

type CustomerColumns = Awaited<ReturnType<ReturnType<typeof customersPage>['execute']>>[number];

const customerRecord = (row: CustomerColumns, points: Points) =>
  dedupeRecord({
    id: Number(row.id),
    kind: row.kind,
    name: row.name,
    pinyin: row.name_pinyin,
    ...(points.get(Number(row.id)) ?? NONE),
    city: row.city,
    province: row.province,
    address: row.address,
    postcode: row.postcode,
    birthday: row.birthday,
    idKey: row.id_number_bidx,
  });

function contactsPage(db: Kysely<Schema>) {
  return db.selectFrom('contacts').select(['id', 'name', 'name_pinyin', 'customer_id', 'birthday']).where('deleted_at', 'is', null);
}

type ContactColumns = Awaited<ReturnType<ReturnType<typeof contactsPage>['execute']>>[number];

const contactRecord = (row: ContactColumns, points: Points) =>
  dedupeRecord({ id: Number(row.id), kind: 'person', name: row.name, pinyin: row.name_pinyin, ...(points.get(Number(row.id)) ?? NONE), birthday: row.birthday, groupId: row.customer_id });

/**
 * Every live customer (or contact) as a DedupeRecord, in id order, a page at a time: only the
 * compared columns are read, and each page's phones and e-mails in one range query.
 */
export async function* readAllRecords(db: Kysely<Schema>, entity: DuplicateEntity): AsyncGenerator<DedupeRecord[]> {
  let after = 0;
  for (;;) {
    if (entity === 'customers') {
      const rows = await customersPage(db).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1]!.id);
      const points = await pointsInRange(db, 'customer_id', Number(rows[0]!.id), after);
      yield rows.map((row) => customerRecord(row, points));
    } else {
      const rows = await contactsPage(db).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1]!.id);
      const points = await pointsInRange(db, 'contact_id', Number(rows[0]!.id), after);
      yield rows.map((row) => contactRecord(row, points));
    }
  }
}

/** The live customers among `ids` as DedupeRecords (callers apply the access policy to `ids` first). */
export async function readCustomerRecords(db: Kysely<Schema>, ids: number[]): Promise<DedupeRecord[]> {
  if (ids.length === 0) return [];
  const rows = await customersPage(db).where('id', 'in', ids).execute();
  const points = await pointsOf(db, 'customer_id', ids);
  return rows.map((row) => customerRecord(row, points));
}
