import { codedField, type FieldError, validationError } from '../../domain/errors.ts';
import { IMPORT_TYPES, MappingFile, MATCH_KEYS, ON_COMPANY, ON_DUPLICATE, ON_INVALID_VALUE, UPDATE_MODES, type ColumnMap, type ImportType, type MatchKey } from '../../domain/import-mapping.ts';
import { shapeChecker } from '../records/check-shape.ts';
import type { ImportRequest } from './start-import.ts';

/**
 * One import's options as a transport carries them, as text: the HTTP form's fields or
 * `kehu import`'s flags. `mapping` is the JSON of a mapping file ({ type, columns, … }) or of
 * the columns alone.
 */
export interface ImportRequestText {
  type?: string | undefined;
  mapping?: string | undefined;
  onDuplicate?: string | undefined;
  updateMode?: string | undefined;
  matchOn?: string | undefined;
  onInvalidValue?: string | undefined;
  onCompany?: string | undefined;
  createCustomFields?: string | boolean | undefined;
  keepUnknownColumns?: string | boolean | undefined;
  encoding?: string | undefined;
  sheet?: string | undefined;
  delimiter?: string | undefined;
  batchSize?: string | undefined;
  dryRun?: string | boolean | undefined;
}

export type ImportRequestField = keyof ImportRequestText;

/** How each transport names the options in its errors: form fields as they are, flags as `--on-duplicate`. */
export const FORM_FIELD_NAMES = (field: ImportRequestField): string => field;
export const FLAG_NAMES = (field: ImportRequestField): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const checkMappingFile = shapeChecker(MappingFile);
const checkColumns = shapeChecker(MappingFile.properties.columns);
/** Spellings of match keys people type: external_id as the column is called. */
const KEY_ALIASES: Record<string, MatchKey> = { external_id: 'externalId', 'external-id': 'externalId', externalid: 'externalId' };

const isBlank = (value: string | undefined): value is undefined => value === undefined || value.trim() === '';

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[], errors: FieldError[]): T | undefined {
  if (isBlank(value)) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors.push({ field: name, message: `must be one of ${allowed.join(', ')}`, code: 'field.one_of', params: { values: allowed.join(', ') } });
  return undefined;
}

function flag(name: string, value: string | boolean | undefined, errors: FieldError[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (isBlank(value)) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  errors.push({ field: name, message: 'must be true or false', code: 'field.boolean' });
  return undefined;
}

interface ParsedMapping {
  type?: ImportType;
  columns?: ColumnMap;
  onDuplicate?: (typeof ON_DUPLICATE)[number];
  updateMode?: (typeof UPDATE_MODES)[number];
  matchOn?: MatchKey[];
  onInvalidValue?: (typeof ON_INVALID_VALUE)[number];
  onCompany?: (typeof ON_COMPANY)[number];
  createCustomFields?: boolean;
  keepUnknownColumns?: boolean;
}

function parseMapping(name: string, text: string | undefined, errors: FieldError[]): ParsedMapping {
  if (isBlank(text)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    errors.push({ field: name, message: 'is not valid JSON', code: 'field.json' });
    return {};
  }
  const isFile = typeof parsed === 'object' && parsed !== null && 'columns' in parsed;
  const problems = isFile ? checkMappingFile(parsed) : checkColumns(parsed);
  if (problems.length > 0) {
    errors.push(...problems.map((p) => ({ ...p, field: `${name}.${p.field}` })));
    return {};
  }
  return isFile ? (parsed as ParsedMapping) : { columns: parsed as ColumnMap };
}

function parseMatchOn(name: string, text: string | undefined, errors: FieldError[]): MatchKey[] | undefined {
  if (isBlank(text)) return undefined;
  const keys = text.split(',').map((k) => k.trim()).filter(Boolean).map((k) => KEY_ALIASES[k.toLowerCase()] ?? k);
  const bad = keys.filter((k) => !(MATCH_KEYS as readonly string[]).includes(k));
  if (bad.length > 0) errors.push(codedField(name, 'import.unknown_match_key', { keys: bad.join(', '), allowed: MATCH_KEYS.join(', ') }));
  return keys as MatchKey[];
}

function parseBatchSize(name: string, text: string | undefined, errors: FieldError[]): number | undefined {
  if (isBlank(text)) return undefined;
  const size = Number(text);
  if (Number.isInteger(size) && size >= 1 && size <= 100_000) return size;
  errors.push({ field: name, message: 'must be a whole number from 1 to 100000', code: 'field.whole_range', params: { min: 1, max: 100000 } });
  return undefined;
}

/**
 * The one reading of an import's options, for the HTTP route and `kehu import` alike: the
 * given values over the mapping file's, every problem in one 400 named as the transport names
 * it (`nameOf`). `file` is where the transport put the file.
 */
export function parseImportRequest(
  text: ImportRequestText,
  file: { filePath: string; fileName: string },
  nameOf: (field: ImportRequestField) => string = FORM_FIELD_NAMES,
): { request: ImportRequest; dryRun: boolean } {
  const errors: FieldError[] = [];
  const mapping = parseMapping(nameOf('mapping'), text.mapping, errors);
  const type = choice(nameOf('type'), text.type, IMPORT_TYPES, errors) ?? mapping.type;
  const onDuplicate = choice(nameOf('onDuplicate'), text.onDuplicate, ON_DUPLICATE, errors) ?? mapping.onDuplicate;
  const updateMode = choice(nameOf('updateMode'), text.updateMode, UPDATE_MODES, errors) ?? mapping.updateMode;
  const matchOn = parseMatchOn(nameOf('matchOn'), text.matchOn, errors) ?? mapping.matchOn;
  const onInvalidValue = choice(nameOf('onInvalidValue'), text.onInvalidValue, ON_INVALID_VALUE, errors) ?? mapping.onInvalidValue;
  const onCompany = choice(nameOf('onCompany'), text.onCompany, ON_COMPANY, errors) ?? mapping.onCompany;
  const createCustomFields = flag(nameOf('createCustomFields'), text.createCustomFields, errors) ?? mapping.createCustomFields;
  const keepUnknownColumns = flag(nameOf('keepUnknownColumns'), text.keepUnknownColumns, errors) ?? mapping.keepUnknownColumns;
  const batchSize = parseBatchSize(nameOf('batchSize'), text.batchSize, errors);
  const dryRun = flag(nameOf('dryRun'), text.dryRun, errors) ?? false;
  if (errors.length > 0) throw validationError(errors);
  const request: ImportRequest = {
    ...file,
    ...(type ? { type } : {}),
    ...(mapping.columns ? { columns: mapping.columns } : {}),
    options: {
      ...(onDuplicate ? { onDuplicate } : {}),
      ...(updateMode ? { updateMode } : {}),
      ...(matchOn ? { matchOn } : {}),
      ...(onInvalidValue ? { onInvalidValue } : {}),
      ...(onCompany ? { onCompany } : {}),
      ...(createCustomFields ? { createCustomFields } : {}),
      ...(keepUnknownColumns ? { keepUnknownColumns } : {}),
      ...(isBlank(text.encoding) ? {} : { encoding: text.encoding }),
      ...(isBlank(text.sheet) ? {} : { sheet: text.sheet }),
      ...(text.delimiter ? { delimiter: text.delimiter } : {}),
      ...(batchSize ? { batchSize } : {}),
    },
  };
  return { request, dryRun };
}

/** The form fields (and, as --flags, the command-line options) parseImportRequest reads, for help texts. */
export const IMPORT_REQUEST_FIELDS: readonly ImportRequestField[] = ['type', 'mapping', 'onDuplicate', 'updateMode', 'matchOn', 'onInvalidValue', 'onCompany', 'createCustomFields', 'keepUnknownColumns', 'encoding', 'sheet', 'delimiter', 'dryRun'];
