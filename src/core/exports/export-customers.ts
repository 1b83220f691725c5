import type { CustomerShape } from '../../domain/customer.ts';
import type { CustomerExportFilter } from '../../domain/export.ts';
import type { VcardPerson } from '../../domain/vcard.ts';
import type { Ctx } from '../context.ts';
import { listCustomFields } from '../custom-fields/list-custom-fields.ts';
import { listCustomers } from '../customers/list-customers.ts';
import { customText, exportFile, pagesOf, vcardPoint, withExternalIds, wordingOf, type ExportFile, type ExportOptions } from './export-file.ts';

const PAGE = 500;

type Exported = CustomerShape & { externalId: string | null };

/**
 * Every customer the actor may see that matches the list's filters, as CSV, XLSX or vCard,
 * read in keyset pages through the list use case (so the same scoping and masking apply).
 */
export async function exportCustomers(ctx: Ctx, input: CustomerExportFilter, options: ExportOptions = {}): Promise<ExportFile> {
  const { format = 'csv', lang, timeZone, ...filters } = input;
  const words = await wordingOf(ctx, { lang, timeZone });
  // the first page now, so bad filters are a 400 before any byte is sent
  const first = await withExternalIds(ctx, 'customers', await listCustomers(ctx, { ...filters, limit: PAGE }));
  const fields = (await listCustomFields(ctx, { entity: 'customer', limit: 200 })).items;
  const owners = await ownerCells(ctx, words.isForPeople);
  const headers = [
    ...[
      'Name', 'External id', 'Kind', 'Phones', 'Emails', 'Stage', 'Level', 'Source', 'Industry', words.isForPeople ? 'Owner' : 'Owner email',
      'Country', 'Province', 'City', 'District', 'Address', 'Postcode', 'Website', 'Birthday', 'Notes', 'Tags',
      'ID number (masked)', 'Bank account (masked)', 'Created at', 'Updated at', 'Kehu id',
    ].map(words.header),
    ...fields.map(words.customHeader),
  ];
  const row = (c: Exported): string[] => [
    c.name, c.externalId ?? '', words.value('kinds', c.kind), c.phones.map((p) => words.phone(p.value)).join('; '), c.emails.map((e) => e.value).join('; '),
    words.value('stages', c.stage), words.value('levels', c.level), words.value('sources', c.source), words.value('industries', c.industry), c.ownerId === null ? '' : (owners.get(c.ownerId) ?? ''),
    words.value('countries', c.country), c.province ?? '', c.city ?? '', c.district ?? '', c.address ?? '', c.postcode ?? '', c.website ?? '', c.birthday ?? '', c.notes ?? '', c.tags.join('; '),
    c.idNumber ?? '', c.bankAccount ?? '', words.time(c.createdAt), words.time(c.updatedAt), String(c.id),
    ...fields.map((f) => customText(c.custom[f.key])),
  ];
  const person = (c: Exported): VcardPerson => ({
    fullName: c.name,
    ...(c.kind === 'company' ? { organization: c.name } : {}),
    phones: c.phones.map((p) => vcardPoint('phone', p)),
    emails: c.emails.map((e) => vcardPoint('email', e)),
    address: { street: c.address ?? '', city: c.city ?? '', region: c.province ?? '', postcode: c.postcode ?? '', country: c.country ?? '' },
    ...(c.birthday ? { birthday: c.birthday } : {}),
    ...(c.notes ? { note: c.notes } : {}),
    ...(c.website ? { urls: [c.website] } : {}),
    categories: c.tags,
    uid: c.externalId ?? `kehu-customer-${c.id}`,
  });
  const records = pagesOf(first, async (cursor) => withExternalIds(ctx, 'customers', await listCustomers(ctx, { ...filters, limit: PAGE, cursor })));
  return exportFile(ctx, { entity: 'customers', format, filters, records, headers, sheet: words.sheet('customers'), day: words.day(ctx.clock.now()), row, person, onProgress: options.onProgress });
}

/**
 * What the Owner column says of each user: the e-mail for machines; for people the name, or the
 * e-mail where two users share that name, so the file still imports back to the same owner.
 */
async function ownerCells(ctx: Ctx, isForPeople: boolean): Promise<Map<number, string>> {
  const users = await ctx.db.selectFrom('users').select(['id', 'email', 'name']).execute();
  const named = new Map<string, number>();
  for (const u of users) named.set(u.name, (named.get(u.name) ?? 0) + 1);
  return new Map(users.map((u) => [Number(u.id), isForPeople && u.name.trim() !== '' && named.get(u.name) === 1 ? u.name : u.email]));
}
