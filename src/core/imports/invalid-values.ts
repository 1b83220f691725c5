import type { FieldError } from '../../domain/errors.ts';
import { leftOut } from '../../domain/import-job.ts';

/**
 * With onInvalidValue keep-row a row is imported without the values that fail their check: a bad
 * phone or e-mail, a website, postcode or custom value. What makes the record (its name, kind,
 * owner) is never dropped: such a row is still rejected.
 */
const KEPT = new Set(['name', 'kind', 'ownerId', 'row', 'record', 'customerId', 'customer']);
// phones[1].value, and a customer file's contactPhones[1].value
const POINT = /^(?:contact)?([Pp]hones|[Ee]mails)\[(\d+)\]/;
const CUSTOM = /^custom\.([a-z][a-z0-9_]*)/;

export const isDroppable = (error: FieldError): boolean => !KEPT.has(/^[A-Za-z]+/.exec(error.field)?.[0] ?? error.field) || POINT.test(error.field);

/**
 * Removes from `input` the values the errors name (each list's bad entries by index, fields
 * by name) and returns the errors, told as dropped values. The lists' columns (pointColumns,
 * named with `listPrefix`: contactPhones) lose the dropped entries too.
 */
export function dropBadValues(input: Record<string, unknown>, errors: FieldError[], pointColumns: Record<string, string[]>, listPrefix = ''): FieldError[] {
  const badPoints = new Map<string, Set<number>>();
  for (const error of errors) {
    const point = POINT.exec(error.field);
    const custom = CUSTOM.exec(error.field);
    if (point) {
      const list = (point[1] as string).toLowerCase();
      badPoints.set(list, (badPoints.get(list) ?? new Set()).add(Number(point[2])));
    } else if (custom && input.custom && typeof input.custom === 'object') {
      delete (input.custom as Record<string, unknown>)[custom[1] as string];
    } else {
      delete input[/^[A-Za-z]+/.exec(error.field)?.[0] ?? error.field];
    }
  }
  for (const [list, indexes] of badPoints) {
    const kept = ((input[list] as unknown[] | undefined) ?? []).filter((_, i) => !indexes.has(i));
    if (kept.length > 0) input[list] = kept;
    else delete input[list];
    const columns = pointColumns[listPrefix ? `${listPrefix}${list[0]?.toUpperCase()}${list.slice(1)}` : list];
    if (columns) columns.splice(0, columns.length, ...columns.filter((_, i) => !indexes.has(i)));
  }
  return errors.map((e) => leftOut(e));
}
