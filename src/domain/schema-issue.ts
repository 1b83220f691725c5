import type { FieldError } from './errors.ts';
import type { MessageCode, MessageParams } from './messages.ts';

/** One complaint of a JSON Schema validator (ajv for HTTP bodies, TypeBox for imported rows). */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const FORMAT_CODES: Record<string, MessageCode> = { date: 'field.date', 'date-time': 'field.date_time', email: 'field.email_format', uri: 'field.uri', url: 'field.uri' };

/** "/phones/0/value" → "phones[0].value"; `fallback` names the whole value. */
export function issueField(issue: SchemaIssue, fallback: string): string {
  const parts = issue.instancePath.split('/').filter(Boolean);
  const named = issue.params.missingProperty ?? issue.params.additionalProperty ?? issue.params.requiredProperties ?? issue.params.additionalProperties;
  const name = Array.isArray(named) ? named[0] : named;
  if (name !== undefined) parts.push(String(name));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || fallback;
}

const limit = (issue: SchemaIssue): MessageParams => ({ limit: Number(issue.params.limit) });

function coded(issue: SchemaIssue): { code: MessageCode; params?: MessageParams } {
  switch (issue.keyword) {
    case 'required':
      return { code: 'field.required' };
    case 'additionalProperties':
      return { code: 'field.unknown' };
    case 'enum':
      return { code: 'field.one_of', params: { values: (issue.params.allowedValues as unknown[]).join(', ') } };
    case 'format': {
      const format = String(issue.params.format);
      return FORMAT_CODES[format] ? { code: FORMAT_CODES[format] } : { code: 'field.format', params: { format } };
    }
    case 'minLength':
      return Number(issue.params.limit) === 1 ? { code: 'field.empty' } : { code: 'field.too_short', params: limit(issue) };
    case 'maxLength':
      return { code: 'field.too_long', params: limit(issue) };
    case 'minItems':
      return { code: 'field.too_few_items', params: limit(issue) };
    case 'maxItems':
      return { code: 'field.too_many_items', params: limit(issue) };
    case 'minimum':
    case 'exclusiveMinimum':
      return { code: 'field.minimum', params: limit(issue) };
    case 'maximum':
    case 'exclusiveMaximum':
      return { code: 'field.maximum', params: limit(issue) };
    case 'type':
      return issue.params.type === 'integer' ? { code: 'field.integer' } : { code: 'field.type', params: { type: String(issue.params.type) } };
    case 'pattern':
      return { code: 'field.pattern' };
    default:
      return { code: 'field.invalid' };
  }
}

function englishOf(issue: SchemaIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'enum') return `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  if (issue.keyword === 'format') return `must be a valid ${String(issue.params.format)}`;
  return issue.message ?? 'is not valid';
}

/**
 * A validator's issues as field errors, one per field (a union over [type, null] reports each
 * branch; the first, most specific, is kept), each with its message code.
 */
export function schemaFieldErrors(issues: SchemaIssue[], fallback: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.keyword === 'anyOf' || issue.keyword === 'boolean') continue;
    const field = issueField(issue, fallback);
    if (seen.has(field)) continue;
    seen.add(field);
    const { code, params } = coded(issue);
    errors.push({ field, message: englishOf(issue), code, ...(params ? { params } : {}) });
  }
  return errors;
}
