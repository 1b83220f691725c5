import type { CustomerCreateInput } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import { convertRow, type ConvertedRow, type MatchKey } from '../../domain/import-mapping.ts';
import { normaliseInput, type Normalised } from '../customers/bulk-customer-rows.ts';
import { typedCustom, type ImportSettings, type SourceRow } from './import-batch.ts';
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
}

export interface PureRow {
  source: SourceRow;
  converted: ConvertedRow;
  /** the create input the row stands for, without its owner */
  input: CustomerCreateInput;
  externalId: string | null;
  /** the owner column's text, to look up */
  ownerName: string | null;
  /** errors found before normalising (custom values' types, a missing name); the row is not normalised when there are any */
  early: FieldError[];
  /** null when not normalised; else the normalisation's errors, and the prepared customer when it produced one */
  normalised: Normalised & { keys: string[] } | null;
}

/** The create input a converted row stands for, without its owner (looked up later). */
function inputOf(converted: ConvertedRow, customTypes: Map<string, string>): { input: CustomerCreateInput; externalId: string | null; ownerName: string | null; errors: FieldError[] } {
  const { owner, externalId, ...values } = converted.values;
  const input = { ...values } as CustomerCreateInput;
  const custom = typedCustom(converted.custom, customTypes);
  if (Object.keys(custom.values).length > 0) input.custom = custom.values;
  const errors = [...custom.errors];
  if (input.name === undefined) errors.push({ field: 'name', message: 'is empty' });
  return { input, externalId: typeof externalId === 'string' ? externalId : null, ownerName: typeof owner === 'string' ? owner : null, errors };
}

/** Converts and normalises rows of a customer file; see PureRow for what is left to do. */
export function prepareRowsWithoutDatabase(rows: SourceRow[], rules: RowRules): PureRow[] {
  return rows.map((source) => {
    const converted = convertRow('customers', rules.columns, rules.headers, source.values);
    const { input, externalId, ownerName, errors: early } = inputOf(converted, rules.customTypes);
    if (converted.errors.length > 0 || early.length > 0) return { source, converted, input, externalId, ownerName, early, normalised: null };
    const normalised = normaliseInput(input, rules.actorUserId, rules.region);
    const { prepared } = normalised;
    const keys = prepared ? identityKeys({ points: prepared.points, externalId, name: prepared.row.name }, rules.matchOn) : [];
    return { source, converted, input, externalId, ownerName, early, normalised: { ...normalised, keys } };
  });
}
