import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { FieldError } from '../../domain/errors.ts';

interface Issue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** "/phones/0/value" → "phones[0].value", as the HTTP API names fields. */
function fieldOf(issue: Issue): string {
  const parts = issue.instancePath.split('/').filter(Boolean);
  const named = issue.params.requiredProperties ?? issue.params.additionalProperties;
  if (Array.isArray(named) && named.length > 0) parts.push(String(named[0]));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || 'record';
}

function messageOf(issue: Issue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'enum') return `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  return issue.message;
}

/**
 * A checker for records that arrive without the HTTP layer (import, bulk insert): the same
 * schema the API validates bodies with, reporting one error per field.
 */
export function shapeChecker(schema: TSchema): (value: unknown) => FieldError[] {
  const validator = Compile(schema);
  return (value) => {
    if (validator.Check(value)) return [];
    const seen = new Set<string>();
    // anyOf over [type, null] reports each branch, and a closed object reports its extra keys twice: keep the first per field.
    return (validator.Errors(value) as Issue[])
      .filter((issue) => issue.keyword !== 'anyOf' && issue.keyword !== 'boolean')
      .map((issue) => ({ field: fieldOf(issue), message: messageOf(issue) }))
      .filter((error) => (seen.has(error.field) ? false : (seen.add(error.field), true)));
  };
}
