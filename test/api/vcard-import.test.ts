import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { uploader } from '../support/uploads.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-uploads-'));

// Address books as devices and clients export them (test/fixtures/vcards, see its SOURCE.md)
// come in whole as contacts, with their companies as customers, and go out and back in again
// without losing anything the schema holds.

const DATASET = join(import.meta.dirname, '../fixtures/vcards');
const SLOW = 120_000;

/**
 * Per file: contacts created, cards that repeat an earlier card of the file (skipped), cards
 * refused, and cards imported without a phone the validator refuses (the test suites' fictional
 * 555 and too-short numbers; the workspace's region is CN), each listed in the error file.
 */
const COUNTS: Record<string, { created: number; skipped: number; invalid: number; dropped: number }> = {
  'aosp_v21_complicated.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'aosp_v21_japanese_1.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'aosp_v21_japanese_2.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
  'aosp_v21_multiple_entry.vcf': { created: 3, skipped: 0, invalid: 0, dropped: 3 },
  'aosp_v30_japanese.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
  'aosp_v30_multibyte_param.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'aosp_v40_sort_as.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
  // North American test numbers (905-555-…) and 6–8 digit numbers are no numbers of a CN workspace: left out and told
  'ezvcard_John_Doe_ANDROID.vcf': { created: 6, skipped: 0, invalid: 0, dropped: 4 },
  'ezvcard_John_Doe_EVOLUTION.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'ezvcard_John_Doe_GMAIL.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'ezvcard_John_Doe_IPHONE.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'ezvcard_John_Doe_MS_OUTLOOK.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'ezvcard_outlook-2003.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'ezvcard_rfc2426-example.vcf': { created: 2, skipped: 0, invalid: 0, dropped: 0 },
  'ezvcard_rfc6350-example.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
  'nodevcf_empty-lines.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
  // one person three times (2.1, 3.0, 4.0), one e-mail
  'nodevcf_multiple.vcf': { created: 1, skipped: 2, invalid: 0, dropped: 0 },
  // a photo and nothing else
  'nodevcf_photo-base64.vcf': { created: 0, skipped: 0, invalid: 1, dropped: 0 },
  'nodevcf_quoted-list.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'nodevcf_vcard-2.1.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'nodevcf_vcard-3.0.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'nodevcf_vcard-4.0.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'nodevcf_xing.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
  'pyvobject_vcard40_full.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 1 },
  'pyvobject_vcard40_multilang.vcf': { created: 1, skipped: 0, invalid: 0, dropped: 0 },
};

interface Contact {
  id: number;
  name: string;
  customerId: number | null;
  customerName: string | null;
  phones: Array<{ value: string; label: string | null }>;
  emails: Array<{ value: string; label: string | null }>;
  [field: string]: unknown;
}

forEachDialect('vCard address books', (db) => {
  let api: TestApi;
  const files = uploader(() => api);

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const importFile = (name: string, bytes: Buffer, fields: Record<string, string> = {}, token?: string) => files.imported({ name, bytes }, fields, token);
  const createdBy = async (jobId: number, entity: 'contact' | 'customer' = 'contact') =>
    (await api.deps.db.selectFrom('import_job_records').select('entity_id').where('job_id', '=', jobId).where('entity', '=', entity).where('action', '=', 'create').orderBy('entity_id').execute()).map((r) => Number(r.entity_id));
  const contact = async (id: number, token?: string) => (await api.call('GET', `/api/v1/contacts/${id}`, undefined, {}, token)).json() as Contact;
  const errorsOf = async (jobId: number) => (await api.call('GET', `/api/v1/imports/${jobId}/errors.csv`)).body;

  /** Every live contact to the recycle bin, so that each file starts with an empty address book. */
  async function removeAllContacts(): Promise<void> {
    const live = await api.deps.db.selectFrom('contacts').select('id').where('deleted_at', 'is', null).execute();
    for (const { id } of live) expect((await api.call('DELETE', `/api/v1/contacts/${id}`)).statusCode).toBe(204);
  }

  /** What a contact holds, without what the database gives it (id, times, version). */
  async function held(id: number): Promise<Record<string, unknown>> {
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, deletedAt: _d, ...rest } = await contact(id);
    const row = await api.deps.db.selectFrom('contacts').select('external_id').where('id', '=', id).executeTakeFirstOrThrow();
    return { ...rest, externalId: row.external_id, phones: rest.phones.map((p) => [p.value, p.label]), emails: rest.emails.map((e) => [e.value, e.label]) };
  }

  it('has counts for every file in the dataset', () => {
    expect(readdirSync(DATASET).filter((f) => f.endsWith('.vcf')).sort()).toEqual(Object.keys(COUNTS).sort());
  });

  for (const [file, counts] of Object.entries(COUNTS)) {
    it(`imports ${file} whole, and its export back without a loss or a duplicate`, { timeout: SLOW }, async () => {
      await removeAllContacts();
      const first = await importFile(file, readFileSync(join(DATASET, file)), { onInvalidValue: 'keep-row' });
      const { dropped, ...rows } = counts;
      expect(first, JSON.stringify(first)).toMatchObject({ status: 'done', type: 'contacts', counts: { ...rows, updated: 0 }, rowsWithDroppedValues: dropped });
      const ids = await createdBy(first.id);
      expect(ids).toHaveLength(counts.created);
      const before = await Promise.all(ids.map(held));
      if (counts.created === 0) return;

      const exported = await api.call('GET', '/api/v1/exports/contacts?format=vcard');
      expect(exported.statusCode).toBe(200);
      const again = await importFile('export.vcf', exported.rawPayload);
      expect(again).toMatchObject({ status: 'done', counts: { created: 0, updated: 0, skipped: counts.created, invalid: 0 } });

      // With the first import's contacts gone, the export brings them back as they were.
      for (const id of ids) expect((await api.call('DELETE', `/api/v1/contacts/${id}`)).statusCode).toBe(204);
      const back = await importFile('export.vcf', exported.rawPayload);
      expect(back).toMatchObject({ status: 'done', counts: { created: counts.created, invalid: 0 }, rowsWithDroppedValues: 0 });
      const byUid = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.externalId).localeCompare(String(b.externalId));
      const after = (await Promise.all((await createdBy(back.id)).map(held))).sort(byUid);
      // a card without a UID comes back with the one the export gave it
      const expected = before.map((c, i) => ({ ...c, externalId: c.externalId ?? `kehu-contact-${ids[i]}` })).sort(byUid);
      expect(after).toEqual(expected);
    });
  }

  describe('what a device card holds', () => {
    const byName = async (jobId: number) => new Map((await Promise.all((await createdBy(jobId)).map((id) => contact(id)))).map((c) => [c.name, c]));

    it('keeps labels, extensions, birthdays without a year, N, ORG and its department, ROLE, ADR and URL (RFC 6350 example)', { timeout: SLOW }, async () => {
      const job = await importFile('simon.vcf', readFileSync(join(DATASET, 'ezvcard_rfc6350-example.vcf')), { onCompany: 'keep', onDuplicate: 'create' });
      const simon = (await byName(job.id)).get('Simon Perreault') as Contact;
      expect(simon).toMatchObject({
        familyName: 'Perreault', givenName: 'Simon', organization: 'Viagenie', customerId: null, gender: 'male', birthday: '--02-03',
        address: '2875 Laurier, Suite D2-630', city: 'Quebec', province: 'QC', postcode: 'G1V 2M2', country: 'Canada', website: 'http://nomis80.org',
      });
      expect(simon.phones.map((p) => [p.value, p.label])).toEqual([['+14186569254;ext=102', 'work'], ['+14182626501', 'work mobile video']]);
      expect(simon.emails.map((e) => [e.value, e.label])).toEqual([['simon.perreault@viagenie.ca', 'work']]);
    });

    it('keeps the numbers of an iPhone card where they are local numbers (a CA workspace), each with its label, and exports them back equal', { timeout: SLOW }, async () => {
      const settings = api.deps.settings as { defaultRegion: string };
      settings.defaultRegion = 'CA';
      try {
        await removeAllContacts();
        const job = await importFile('iphone.vcf', readFileSync(join(DATASET, 'ezvcard_John_Doe_IPHONE.vcf')), { onCompany: 'keep', onInvalidValue: 'keep-row' });
        // the pager's 111 exchange is no North American number: left out, and told
        expect(job).toMatchObject({ status: 'done', counts: { created: 1, invalid: 0 }, rowsWithDroppedValues: 1 });
        expect(await errorsOf(job.id)).toContain('905-111-1234');
        const id = (await createdBy(job.id))[0] as number;
        const john = await contact(id);
        expect(john).toMatchObject({
          name: 'Mr. John Richter James Doe Sr.', familyName: 'Doe', givenName: 'John', nickname: 'Johny', organization: 'IBM', department: 'Accounting', title: 'Money Counter',
          address: 'Silicon Alley 5,', city: 'New York', province: 'New York', postcode: '12345', country: 'United States of America', birthday: '2012-06-06', website: 'http://www.ibm.com',
        });
        expect(john.phones.map((p) => [p.value, p.label])).toEqual([
          ['+19055551234', 'mobile'], ['+19056661234', 'home'], ['+19057771234', 'work'], ['+19052221234', 'assistant phone'],
          ['+19058881234', 'home fax'], ['+19059991234', 'work fax'],
        ]);
        const before = await held(id);
        const exported = await api.call('GET', '/api/v1/exports/contacts?format=vcard');
        expect((await api.call('DELETE', `/api/v1/contacts/${id}`)).statusCode).toBe(204);
        const back = await importFile('export.vcf', exported.rawPayload, { onCompany: 'keep' });
        expect(back).toMatchObject({ status: 'done', counts: { created: 1, invalid: 0 }, rowsWithDroppedValues: 0 });
        expect(await held((await createdBy(back.id))[0] as number)).toEqual({ ...before, externalId: `kehu-contact-${id}` });
      } finally {
        settings.defaultRegion = 'CN';
      }
    });

    it('makes ORG a company customer, once, and fax and pager numbers labelled (Android, RFC 2426)', { timeout: SLOW }, async () => {
      const job = await importFile('android.vcf', readFileSync(join(DATASET, 'aosp_v21_complicated.vcf')), { onInvalidValue: 'keep-row', onDuplicate: 'create' });
      const joe = (await byName(job.id)).get('Joe Due') as Contact;
      expect(joe).toMatchObject({ familyName: 'Gump', givenName: 'Forrest', customerName: 'Gump Shrimp Co.', department: 'Sales Dept.;Manager; Fish keeper', title: 'Shrimp Man', role: 'Fish Cake Keeper!', birthday: '1980-01-01' });
      expect((await api.call('GET', `/api/v1/customers/${joe.customerId}`)).json()).toMatchObject({ kind: 'company', name: 'Gump Shrimp Co.' });
      // its numbers are Japanese test numbers, not numbers of the workspace's region (CN): each is left out and told
      expect(joe.phones).toEqual([]);
      expect(await errorsOf(job.id)).toContain('left out, the row was imported without it: not a valid phone number for region CN: ""0311111111""');

      const lotus = await importFile('rfc2426.vcf', readFileSync(join(DATASET, 'ezvcard_rfc2426-example.vcf')), { onDuplicate: 'create' });
      const frank = (await byName(lotus.id)).get('Frank Dawson') as Contact;
      expect(frank.phones.map((p) => [p.value, p.label])).toEqual([['+19196769515', 'work'], ['+19196769564', 'work fax']]);
      expect(frank.customerName).toBe('Lotus Development Corporation');
      // a second card at the same company joins it; a second import does not make it again
      const again = await importFile('rfc2426.vcf', Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Second Lotus\r\nORG:Lotus Development Corporation\r\nEND:VCARD\r\n'));
      expect(await createdBy(again.id, 'customer')).toEqual([]);
      const second = (await byName(again.id)).get('Second Lotus') as Contact;
      expect(second.customerId).toBe(frank.customerId);
    });

    it('names cards without a name from their e-mail or company, and refuses an empty card by its line, importing the rest', { timeout: SLOW }, async () => {
      const text = [
        'BEGIN:VCARD', 'VERSION:3.0', 'EMAIL;TYPE=INTERNET:only.mail@nameless.example', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:3.0', 'ORG:Nameless Org GmbH', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:3.0', 'NOTE:nothing to call it by', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:3.0', 'FN:Bad Birthday', 'BDAY:1990-13-45', 'END:VCARD',
      ].join('\r\n');
      const job = await importFile('nameless.vcf', Buffer.from(text));
      expect(job).toMatchObject({ counts: { created: 2, invalid: 2 } });
      const people = await byName(job.id);
      expect([...people.keys()].sort()).toEqual(['Nameless Org GmbH', 'only.mail@nameless.example']);
      // a card's row is the line its BEGIN:VCARD is on
      expect(job.errors).toEqual([
        { row: 9, column: null, reason: expect.stringContaining('no name, e-mail, company or phone'), code: 'import.contact_unnamed', field: 'name' },
        { row: 13, column: 'Birthday', reason: expect.stringContaining('not a date'), code: 'cell.birthday', params: { value: expect.any(String) } },
      ]);
    });
  });

  describe('who the companies belong to', () => {
    it("never links a rep's card to a customer the rep cannot see: the rep gets their own company, or 撞单 when the pool says so", { timeout: SLOW }, async () => {
      const other = await api.userToken('sales');
      const rep = await api.userToken('sales');
      const theirs = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Hidden Works Ltd' }, {}, other.token)).json().id as number;
      const card = Buffer.from('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Rep Card\r\nORG:Hidden Works Ltd\r\nEND:VCARD\r\n');
      const job = await importFile('rep.vcf', card, {}, rep.token);
      expect(job).toMatchObject({ counts: { created: 1, invalid: 0 } });
      const [mine] = await createdBy(job.id, 'customer');
      expect(mine).not.toBe(theirs);
      const person = await contact((await createdBy(job.id))[0] as number, rep.token);
      expect(person.customerId).toBe(mine);

      expect((await api.call('PATCH', '/api/v1/settings/pool', { tellRepsWhenTaken: true })).statusCode).toBe(200);
      try {
        const late = await api.userToken('sales');
        const refused = await importFile('rep.vcf', card, {}, late.token);
        expect(refused).toMatchObject({ counts: { created: 0, invalid: 1 } });
        expect(await errorsOf(refused.id)).toContain('撞单');
      } finally {
        await api.call('PATCH', '/api/v1/settings/pool', { tellRepsWhenTaken: false });
      }
    });

    it('checks a book in a dry run without making its companies', { timeout: SLOW }, async () => {
      const book = Buffer.from('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dry One\r\nORG:Dry Run Company\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dry Two\r\nORG:Dry Run Company\r\nEND:VCARD\r\n');
      const res = await files.upload('/api/v1/imports', { name: 'dry.vcf', bytes: book }, { dryRun: 'true' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ type: 'contacts', counts: { created: 2, invalid: 0 } });
      expect((await api.call('GET', '/api/v1/customers?q=Dry%20Run%20Company')).json().items).toEqual([]);
    });

    it('undoes the companies an import made with the import', { timeout: SLOW }, async () => {
      const job = await importFile('revert.vcf', Buffer.from('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Reverted Person\r\nORG:Reverted Company Ltd\r\nEND:VCARD\r\n'));
      const [company] = await createdBy(job.id, 'customer');
      expect(company).toBeDefined();
      expect((await api.call('POST', `/api/v1/imports/${job.id}/revert`)).statusCode).toBe(200);
      expect((await api.call('GET', `/api/v1/customers/${company}`)).statusCode).toBe(404);
      expect((await api.call('GET', `/api/v1/contacts/${(await createdBy(job.id))[0]}`)).statusCode).toBe(404);
    });

    it('keeps ORG on the contact when asked, linking nothing', { timeout: SLOW }, async () => {
      const job = await importFile('keep.vcf', Buffer.from('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Kept Org\r\nORG:Kept Org Company;Sales\r\nEND:VCARD\r\n'), { onCompany: 'keep' });
      expect(await createdBy(job.id, 'customer')).toEqual([]);
      expect(await contact((await createdBy(job.id))[0] as number)).toMatchObject({ customerId: null, organization: 'Kept Org Company', department: 'Sales' });
      expect((await files.upload('/api/v1/imports', { name: 'x.vcf', bytes: Buffer.from('BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n') }, { onCompany: 'maybe' })).json()).toMatchObject({ status: 400, errors: [{ field: 'onCompany' }] });
    });
  });
});
