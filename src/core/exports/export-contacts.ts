import type { ContactShape } from '../../domain/contact.ts';
import type { ContactExportFilter } from '../../domain/export.ts';
import type { VcardPerson } from '../../domain/vcard.ts';
import { listContacts } from '../contacts/list-contacts.ts';
import type { Ctx } from '../context.ts';
import { listCustomFields } from '../custom-fields/list-custom-fields.ts';
import { customText, exportFile, pagesOf, splitJoined, vcardPoint, withExternalIds, wordingOf, type ExportFile, type ExportOptions } from './export-file.ts';

const PAGE = 500;

type Exported = ContactShape & { externalId: string | null };

/** Every contact the actor may see that matches the list's filters, read through the list use case. */
export async function exportContacts(ctx: Ctx, input: ContactExportFilter, options: ExportOptions = {}): Promise<ExportFile> {
  const { format = 'csv', lang, timeZone, ...filters } = input;
  const words = await wordingOf(ctx, { lang, timeZone });
  const first = await withExternalIds(ctx, 'contacts', await listContacts(ctx, { ...filters, limit: PAGE }));
  const fields = (await listCustomFields(ctx, { entity: 'contact', limit: 200 })).items;
  const headers = [
    ...['Name', 'External id', 'Customer', 'Title', 'Gender', 'Birthday', 'Phones', 'Emails', 'Notes', 'Tags', 'Created at', 'Updated at', 'Kehu id', 'Customer kehu id'].map(words.header),
    ...fields.map(words.customHeader),
  ];
  const row = (c: Exported): string[] => [
    c.name, c.externalId ?? '', c.customerName ?? '', c.title ?? '', words.value('genders', c.gender), c.birthday ?? '',
    c.phones.map((p) => words.phone(p.value)).join('; '), c.emails.map((e) => e.value).join('; '), c.notes ?? '', c.tags.join('; '),
    words.time(c.createdAt), words.time(c.updatedAt), String(c.id), c.customerId === null ? '' : String(c.customerId),
    ...fields.map((f) => customText(c.custom[f.key])),
  ];
  // Everything the contact holds, and the UID it came with (kehu-contact-<id> when it had none).
  const person = (c: Exported): VcardPerson => ({
    fullName: c.name,
    ...(c.familyName ? { familyName: c.familyName } : {}),
    ...(c.givenName ? { givenName: c.givenName } : {}),
    nicknames: splitJoined(c.nickname),
    ...((c.customerName ?? c.organization) ? { organization: (c.customerName ?? c.organization) as string } : {}),
    departments: splitJoined(c.department),
    titles: splitJoined(c.title),
    roles: splitJoined(c.role),
    ...(c.gender ? { gender: c.gender } : {}),
    phones: c.phones.map((p) => vcardPoint('phone', p)),
    emails: c.emails.map((e) => vcardPoint('email', e)),
    address: { street: c.address ?? '', city: c.city ?? '', region: c.province ?? '', postcode: c.postcode ?? '', country: c.country ?? '' },
    ...(c.birthday ? { birthday: c.birthday } : {}),
    ...(c.notes ? { note: c.notes } : {}),
    urls: splitJoined(c.website),
    categories: c.tags,
    uid: c.externalId ?? `kehu-contact-${c.id}`,
  });
  const records = pagesOf(first, async (cursor) => withExternalIds(ctx, 'contacts', await listContacts(ctx, { ...filters, limit: PAGE, cursor })));
  return exportFile(ctx, { entity: 'contacts', format, filters, records, headers, sheet: words.sheet('contacts'), day: words.day(ctx.clock.now()), row, person, onProgress: options.onProgress });
}
