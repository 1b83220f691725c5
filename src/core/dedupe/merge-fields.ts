import { canonicalJson } from '../../domain/audit.ts';
import type { NormalisedPoint } from '../../domain/contact-point.ts';
import { codedField, type FieldError, validationError } from '../../domain/errors.ts';
import type { FieldChoicesShape, MergeSide } from '../../domain/merge.ts';

/** API field → the stored columns it stands for (a sensitive field is its ciphertext and blind index). */
export type FieldColumns = Readonly<Record<string, readonly string[]>>;

export interface FieldDecision {
  /** field (or `custom.<key>`) → which record gave its value, for every field whose values differ */
  decisions: Record<string, MergeSide>;
  /** the chosen value of every column in `columns` */
  values: Record<string, unknown>;
  custom: Record<string, unknown>;
}

const isBlank = (value: unknown) => value === null || value === undefined || value === '';

/**
 * Picks, field by field, which record's value the survivor keeps: the caller's choice where
 * given, else the survivor's value, or the merged record's where the survivor has none.
 * A choice naming a field that does not exist is a 400 on `fields.<name>`.
 */
export function decideFields(
  columns: FieldColumns,
  survivor: { row: Record<string, unknown>; custom: Record<string, unknown> },
  merged: { row: Record<string, unknown>; custom: Record<string, unknown> },
  choices: FieldChoicesShape = {},
): FieldDecision {
  const customKeys = [...new Set([...Object.keys(survivor.custom), ...Object.keys(merged.custom)])];
  const errors: FieldError[] = Object.keys(choices)
    .filter((field) => !(field in columns) && !(field.startsWith('custom.') && customKeys.includes(field.slice(7))))
    .map((field) => codedField(`fields.${field}`, 'merge.no_such_field'));
  if (errors.length > 0) throw validationError(errors);

  const decisions: Record<string, MergeSide> = {};
  const pick = (field: string, mine: unknown, theirs: unknown): MergeSide => {
    const side = choices[field] ?? (isBlank(mine) && !isBlank(theirs) ? 'merged' : 'survivor');
    if (choices[field] !== undefined || canonicalJson(mine) !== canonicalJson(theirs)) decisions[field] = side;
    return side;
  };
  const values: Record<string, unknown> = {};
  for (const [field, cols] of Object.entries(columns)) {
    const first = cols[0] as string;
    const source = pick(field, survivor.row[first], merged.row[first]) === 'merged' ? merged.row : survivor.row;
    for (const col of cols) values[col] = source[col] ?? null;
  }
  const custom: Record<string, unknown> = {};
  for (const key of customKeys) {
    const value = pick(`custom.${key}`, survivor.custom[key], merged.custom[key]) === 'merged' ? merged.custom[key] : survivor.custom[key];
    if (!isBlank(value)) custom[key] = value;
  }
  return { decisions, values, custom };
}

/**
 * The survivor's phones and emails followed by the merged record's that it lacks (same
 * normalised value); the survivor's primary stays primary.
 */
export function unionPoints(survivor: NormalisedPoint[], merged: NormalisedPoint[]): NormalisedPoint[] {
  const result: NormalisedPoint[] = [];
  for (const kind of ['phone', 'email'] as const) {
    const mine = survivor.filter((p) => p.kind === kind).sort((a, b) => a.position - b.position);
    const seen = new Set(mine.map((p) => p.value));
    const added: NormalisedPoint[] = [];
    for (const point of merged.filter((p) => p.kind === kind).sort((a, b) => a.position - b.position)) {
      if (seen.has(point.value)) continue;
      seen.add(point.value);
      added.push(point);
    }
    const hasPrimary = mine.some((p) => p.isPrimary);
    const list = [...mine.map((p) => ({ ...p })), ...added.map((p) => ({ ...p, isPrimary: hasPrimary ? false : p.isPrimary }))];
    if (list.length > 0 && !list.some((p) => p.isPrimary)) (list[0] as NormalisedPoint).isPrimary = true;
    let primarySeen = false;
    list.forEach((p, position) => {
      if (p.isPrimary && primarySeen) p.isPrimary = false;
      primarySeen ||= p.isPrimary;
      result.push({ ...p, position });
    });
  }
  return result;
}
