import { normalisePoints, type NormalisedPoint } from '../../domain/contact-point.ts';
import type { ContactCreateInput } from '../../domain/contact.ts';
import type { CustomerCreateInput } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import { leftOut } from '../../domain/import-job.ts';
import { formatMessage } from '../../domain/messages.ts';
import { convertRow, type CellError, type ConvertedRow, type MatchKey } from '../../domain/import-mapping.ts';
import { normaliseName } from '../../domain/text.ts';
import { areaCodeOfCity, withAreaCode } from '../../domain/area-codes.ts';
import { normaliseInput, type Normalised } from '../customers/bulk-customer-rows.ts';
import { columnOfField, typedCustom, type ImportSettings, type SourceRow } from './import-batch.ts';
import { dropBadValues, isDroppable } from './invalid-values.ts';
import { identityKeys } from './match-duplicates.ts';

/**
 * The part of preparing imported customer rows that needs no database: cells converted, typed,
 * validated and normalised (phones, e-mails, pinyin, search text) with the rules of manual entry.
 * What does need the database (owners by name, custom-field uniqueness, the importer's own owner
 * check) is finished by prepareCustomerRows.
 */

/** What the rules need besides the rows. */
export interface RowRules {
  columns: ImportSettings['columns'];
  headers: string[];
  matchOn: MatchKey[];
  /** custom field key → type */
  customTypes: Map<string, string>;
  region: string;
  /** owner of rows without an owner column: the importing user (null, the pool, for the console) */
  actorUserId: number | null;
  /** keep-row: a bad optional value is dropped (and reported) instead of rejecting the row */
  keepRow: boolean;
}

/** The contact person a row of a customer file names (联系人 with their own phone and e-mail). */
export interface ContactPart {
  input: ContactCreateInput;
  points: NormalisedPoint[];
  /** the person's id in the CRM the file came from */
  externalId: string | null;
}

/** A row's contact person before normalising. */
interface ContactDraft {
  input: ContactCreateInput;
  externalId: string | null;
}

export interface PureRow {
  source: SourceRow;
  converted: ConvertedRow;
  /** the create input the row stands for, without its owner */
  input: CustomerCreateInput;
  externalId: string | null;
  /** the owner column's text, to look up */
  ownerName: string | null;
  /** errors found besides normalising (cells, custom values' types, a missing name, the contact person) */
  early: FieldError[];
  /** values left out of the row (keep-row), each with its column and why */
  dropped: CellError[];
  contact: ContactPart | null;
  /** null when the row has no name; else the normalisation's errors, and the prepared customer when it produced one */
  normalised: Normalised & { keys: string[] } | null;
}

type Points = Array<{ value: string }>;

const CONTACT_FIELDS = ['contactName', 'contactTitle', 'contactPhones', 'contactEmails', 'contactBirthday', 'contactExternalId'];

/**
 * Splits the row's contact person off the customer; a row without a customer name is the
 * person's own, with their phones, e-mails, birthday and id (a job title has no place there:
 * it is told in `dropped`).
 */
function splitContact(converted: ConvertedRow, values: Record<string, unknown>, dropped: CellError[]): ContactDraft | null {
  const { contactName, contactTitle, contactPhones, contactEmails, contactBirthday, contactExternalId } = values;
  for (const f of CONTACT_FIELDS) delete values[f];
  const phones = (contactPhones as Points | undefined) ?? [];
  const emails = (contactEmails as Points | undefined) ?? [];
  if (typeof contactName === 'string' && values.name !== undefined) {
    const contact: ContactCreateInput = { name: contactName };
    if (typeof contactTitle === 'string') contact.title = contactTitle;
    if (typeof contactBirthday === 'string') contact.birthday = contactBirthday;
    if (phones.length > 0) contact.phones = phones;
    if (emails.length > 0) contact.emails = emails;
    return { input: contact, externalId: typeof contactExternalId === 'string' ? contactExternalId : null };
  }
  // No company in the row: the person is the customer, with their own phones and e-mails.
  if (typeof contactName === 'string') {
    values.name = contactName;
    converted.columnOf.name ??= converted.columnOf.contactName as string;
    values.kind ??= 'person';
    if (typeof contactBirthday === 'string') values.birthday ??= contactBirthday;
    if (typeof contactExternalId === 'string') values.externalId ??= contactExternalId;
    if (typeof contactTitle === 'string') dropped.push(leftOut({ column: converted.columnOf.contactTitle ?? null, message: formatMessage('en', 'import.person_no_title', { value: contactTitle }) ?? '', code: 'import.person_no_title', params: { value: contactTitle } }));
  }
  for (const [from, to] of [['contactPhones', 'phones'], ['contactEmails', 'emails']] as const) {
    const list = from === 'contactPhones' ? phones : emails;
    if (list.length === 0) continue;
    values[to] = [...((values[to] as Points | undefined) ?? []), ...list];
    converted.pointColumns[to] = [...(converted.pointColumns[to] ?? []), ...(converted.pointColumns[from] ?? [])];
    converted.columnOf[to] ??= converted.columnOf[from] as string;
  }
  return null;
}

/**
 * Landlines typed without their area code (6552 1001) get the row's area code column, or that of
 * the row's city, in front: the company's and the contact person's alike. Only in a workspace
 * whose numbers are Chinese by default.
 */
function addAreaCode(values: Record<string, unknown>, areaCode: string | null): void {
  const code = areaCode ?? (typeof values.city === 'string' ? areaCodeOfCity(values.city) : null);
  if (code === null) return;
  for (const field of ['phones', 'contactPhones']) {
    const list = values[field] as Points | undefined;
    if (list) values[field] = list.map((p) => ({ ...p, value: withAreaCode(p.value, code) }));
  }
}

/** The create input a converted row stands for, without its owner (looked up later). */
function inputOf(converted: ConvertedRow, rules: RowRules, dropped: CellError[]): { input: CustomerCreateInput; contact: ContactDraft | null; externalId: string | null; ownerName: string | null; errors: FieldError[] } {
  const { owner, areaCode, ...values } = converted.values;
  if (rules.region === 'CN') addAreaCode(values, typeof areaCode === 'string' ? areaCode : null);
  const contact = splitContact(converted, values, dropped);
  const { externalId } = values;
  delete values.externalId;
  const input = { ...values } as CustomerCreateInput;
  const custom = typedCustom(converted.custom, rules.customTypes);
  if (Object.keys(custom.values).length > 0) input.custom = custom.values;
  const errors = [...custom.errors];
  if (input.name === undefined) errors.push({ field: 'name', message: 'is empty', code: 'field.required' });
  return { input, contact, externalId: typeof externalId === 'string' ? externalId : null, ownerName: typeof owner === 'string' ? owner : null, errors };
}

const contactField = (e: FieldError): FieldError => ({ ...e, field: e.field.replace(/^(phones|emails)/, (m) => (m === 'phones' ? 'contactPhones' : 'contactEmails')) });

/** Errors told as dropped values, with the column each came from (before the drop renumbers the lists). */
function drop(input: Record<string, unknown>, errors: FieldError[], converted: ConvertedRow, listPrefix = ''): CellError[] {
  const columns = errors.map((e) => columnOfField(e.field, converted));
  return dropBadValues(input, errors, converted.pointColumns, listPrefix).map((e, i) => ({
    column: columns[i] ?? null,
    message: columns[i] == null ? `${e.field}: ${e.message}` : e.message,
    ...(e.code ? { code: e.code, params: e.params, ...(columns[i] == null ? { field: e.field } : {}) } : {}),
  }));
}

/** The contact person's phones and e-mails normalised; with keep-row a bad one is dropped. */
function contactPart(draft: ContactDraft, rules: RowRules, converted: ConvertedRow, dropped: CellError[]): { part: ContactPart | null; errors: FieldError[] } {
  const contact = draft.input;
  let normalised = normalisePoints(contact, rules.region);
  if (normalised.errors.length > 0 && rules.keepRow) {
    dropped.push(...drop(contact as unknown as Record<string, unknown>, normalised.errors.map(contactField), converted, 'contact'));
    normalised = normalisePoints(contact, rules.region);
  }
  const errors = normalised.errors.map(contactField);
  if (!normaliseName(contact.name)) errors.push({ field: 'contactName', message: 'must not be blank', code: 'field.empty' });
  return { part: errors.length > 0 ? null : { input: contact, points: normalised.points, externalId: draft.externalId }, errors };
}

function normalise(input: CustomerCreateInput, externalId: string | null, rules: RowRules): Normalised & { keys: string[] } {
  const normalised = normaliseInput(input, rules.actorUserId, rules.region);
  const { prepared } = normalised;
  const keys = prepared ? identityKeys({ points: prepared.points, externalId, name: prepared.row.name }, rules.matchOn) : [];
  return { ...normalised, keys };
}

/** Converts and normalises rows of a customer file; see PureRow for what is left to do. */
export function prepareRowsWithoutDatabase(rows: SourceRow[], rules: RowRules): PureRow[] {
  return rows.map((source) => {
    const converted = convertRow('customers', rules.columns, rules.headers, source.values);
    const dropped: CellError[] = [];
    const { input, contact: contactInput, externalId, ownerName, errors: early } = inputOf(converted, rules, dropped);
    // keep-row: a cell that could not be read is left out of the row, which is still imported.
    if (rules.keepRow) dropped.push(...converted.errors.splice(0).map(leftOut));
    const contact = contactInput === null ? { part: null, errors: [] } : contactPart(contactInput, rules, converted, dropped);
    early.push(...contact.errors);
    if (input.name === undefined) return { source, converted, input, externalId, ownerName, early, dropped, contact: contact.part, normalised: null };
    let normalised = normalise(input, externalId, rules);
    if (rules.keepRow && normalised.errors.length > 0 && normalised.errors.every(isDroppable)) {
      dropped.push(...drop(input as unknown as Record<string, unknown>, normalised.errors, converted));
      normalised = normalise(input, externalId, rules);
    }
    return { source, converted, input, externalId, ownerName, early, dropped, contact: contact.part, normalised };
  });
}
