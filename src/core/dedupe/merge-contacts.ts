import { codedError } from '../../domain/errors.ts';
import type { CONTACT_MERGE_FIELDS, MergeShape } from '../../domain/merge.ts';
import { nameKeys } from '../../domain/pinyin.ts';
import { buildSearchColumns } from '../../domain/search-text.ts';
import { normaliseName } from '../../domain/text.ts';
import { assertCanWrite } from '../access/writes.ts';
import { loadOwnPoints, pointValues, replacePoints } from '../contact-points/contact-points.repository.ts';
import { findContactForWrite, loadContact, type ContactRow } from '../contacts/contacts.repository.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { CONTACT_CHILDREN, moveChildren } from './merge-children.ts';
import { assertTwoRecords, type MergeInput } from './merge-customers.ts';
import { decideFields, unionPoints } from './merge-fields.ts';
import { CONTACT_TAG_LINK, unionTags } from './merge-links.ts';
import { takeBeforeImage } from './merge-snapshot.ts';
import { recordMerge } from './record-merge.ts';

const CONTACT_COLUMNS: Record<(typeof CONTACT_MERGE_FIELDS)[number], readonly string[]> = {
  name: ['name'],
  customerId: ['customer_id'],
  title: ['title'],
  gender: ['gender'],
  birthday: ['birthday'],
  notes: ['notes'],
  externalId: ['external_id'],
  familyName: ['family_name'],
  givenName: ['given_name'],
  nickname: ['nickname'],
  organization: ['organization'],
  department: ['department'],
  role: ['role'],
  website: ['website'],
  // street, city, province, postcode and country go together, from the record that has any of them, so two addresses never mix
  address: ['whole_address', 'address', 'city', 'province', 'postcode', 'country'],
};

const CARD_COLUMNS = ['family_name', 'given_name', 'nickname', 'organization', 'department', 'role', 'website', 'address', 'city', 'province', 'postcode', 'country'] as const;

async function mergedRow(ctx: Ctx, survivor: ContactRow, merged: ContactRow, input: MergeInput) {
  const custom = (row: ContactRow) => ctx.dialect.parseJson<Record<string, unknown>>(row.custom);
  const withWholeAddress = (row: ContactRow) => ({ ...row, whole_address: [row.address, row.city, row.province, row.postcode, row.country].filter((part) => part).join('\n') });
  const choice = decideFields(CONTACT_COLUMNS, { row: withWholeAddress(survivor), custom: custom(survivor) }, { row: withWholeAddress(merged), custom: custom(merged) }, input.fields);
  const v = choice.values as Partial<ContactRow>;
  const points = unionPoints(await loadOwnPoints(ctx.db, 'contact_id', survivor.id), await loadOwnPoints(ctx.db, 'contact_id', merged.id));
  const customerId = v.customer_id ?? null;
  const customer = customerId === null ? undefined : await ctx.db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
  const name = normaliseName(String(v.name));
  const keys = nameKeys(name, { isPerson: true });
  const row = {
    customer_id: customerId,
    name,
    name_pinyin: keys.pinyin,
    name_initials: keys.initials,
    title: v.title ?? null,
    gender: v.gender ?? null,
    birthday: v.birthday ?? null,
    notes: v.notes ?? null,
    external_id: v.external_id ?? null,
    ...Object.fromEntries(CARD_COLUMNS.map((column) => [column, v[column] ?? null])),
    custom: JSON.stringify(choice.custom),
    ...buildSearchColumns({ name, pinyin: keys.pinyin, initials: keys.initials, ...pointValues(points), extra: customer ? [customer.name] : [] }),
  };
  return { row, points, decisions: choice.decisions };
}

/**
 * Merges one contact into another: the survivor takes the chosen field values and every
 * phone, email and tag of both; deals, interactions and tasks naming the merged contact name
 * the survivor; the merged contact goes to the recycle bin. Undone by `undoMerge`.
 */
export async function mergeContacts(ctx: Ctx, input: MergeInput): Promise<MergeShape> {
  assertCanWrite(ctx.actor);
  assertTwoRecords(input);
  const survivor = await findContactForWrite(ctx, input.survivorId);
  const merged = await findContactForWrite(ctx, input.mergedId);
  // Deals and interactions name a contact of their own customer; two customers' contacts would break that.
  if (survivor.customer_id !== null && merged.customer_id !== null && Number(survivor.customer_id) !== Number(merged.customer_id)) {
    throw codedError('conflict', 'merge.contacts_of_two_customers', { survivor: survivor.id, merged: merged.id, survivorCustomer: survivor.customer_id, mergedCustomer: merged.customer_id });
  }
  checkVersion('contact', survivor.id, survivor.version, input.expectedVersions?.survivor);
  checkVersion('contact', merged.id, merged.version, input.expectedVersions?.merged);
  const next = await mergedRow(ctx, survivor, merged, input);
  const before = await loadContact(ctx, survivor.id);
  const now = nowIso(ctx);
  const actorId = ctx.actor.userId;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const beforeImage = await takeBeforeImage(tx.db, 'contacts', survivor.id, merged.deleted_at);
      await updateVersioned(tx.db, { table: 'contacts', entity: 'contact', id: merged.id, version: merged.version }, { deleted_at: now }, ctx.actor, now);
      await updateVersioned(tx.db, { table: 'contacts', entity: 'contact', id: survivor.id, version: survivor.version }, next.row, ctx.actor, now);
      await replacePoints(tx.db, 'contact_id', survivor.id, ['phone', 'email'], next.points, now);
      const moved = await moveChildren(tx.db, CONTACT_CHILDREN, { fromId: merged.id, toId: survivor.id, actorId, now });
      const added = { tagIds: await unionTags(tx.db, CONTACT_TAG_LINK, survivor.id, merged.id, now), shareIds: [] };
      const after = await loadContact(tx, survivor.id);
      return recordMerge(tx, { entity: 'contacts', survivorId: survivor.id, mergedId: merged.id, decisions: next.decisions, beforeImage, moved, added, survivorVersion: survivor.version + 1, before, after, now });
    }),
  );
}
