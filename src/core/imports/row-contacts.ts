import type { FieldError } from '../../domain/errors.ts';
import type { ConvertedRow } from '../../domain/import-mapping.ts';
import { createContact } from '../contacts/create-contact.ts';
import type { Ctx } from '../context.ts';
import type { ContactPart } from './customer-rows.ts';
import { catchRowErrors, rowCtx, rowErrors, type BatchResult, type ImportSettings, type ImportState, type SourceRow } from './import-batch.ts';
import { identityKeys } from './match-duplicates.ts';
import { planDuplicates } from './plan-duplicates.ts';
import { inSavepoint } from './resolve-refs.ts';

/** A row's contact person and the customer it belongs to (negative: one a dry run would create). */
export interface RowContact {
  source: SourceRow;
  converted: ConvertedRow;
  contact: ContactPart;
  customerId: number;
}

// createContact names the person's fields as a contact's: map them back to the customer file's columns.
const asRowField = (e: FieldError): FieldError => ({
  ...e,
  field: e.field.replace(/^(phones|emails|name|title)\b/, (m) => `contact${m[0]?.toUpperCase()}${m.slice(1)}`),
});

/**
 * Makes each row's contact person a contact of its customer, once: a person already there (same
 * e-mail or phone, or the same name at that customer) or earlier in the file is not added again.
 */
export async function addRowContacts(ctx: Ctx, items: RowContact[], s: ImportSettings, state: ImportState, result: BatchResult): Promise<void> {
  if (items.length === 0) return;
  const keys = items.map((i) => identityKeys({ points: i.contact.points, externalId: i.contact.externalId, name: i.contact.input.name, customerId: i.customerId }, ['externalId', 'email', 'phone', 'name']));
  const plan = await planDuplicates(ctx, 'contacts', keys, { ...s, onDuplicate: s.onDuplicate === 'create' ? 'create' : 'skip' }, { ...state, seen: state.contactSeen });
  for (const index of plan.create) {
    const item = items[index] as RowContact;
    if (s.dryRun) {
      result.contacts++;
      continue;
    }
    const created = await catchRowErrors(() =>
      inSavepoint(ctx.db, async () => {
        const contact = await createContact(rowCtx(ctx, s, item.source.row), { ...item.contact.input, customerId: item.customerId });
        if (item.contact.externalId !== null) await ctx.db.updateTable('contacts').set({ external_id: item.contact.externalId }).where('id', '=', contact.id).execute();
        return contact;
      }),
    );
    if (Array.isArray(created)) {
      result.errors.push(...rowErrors(item.source, item.converted, created.map(asRowField)));
      result.invalid++;
      continue;
    }
    result.contacts++;
    result.records.push({ entity: 'contact', entity_id: created.id, action: 'create', before: null, row: item.source.row });
  }
}
