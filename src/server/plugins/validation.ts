import type { FastifyInstance } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isStorableDate, toUtcInstant } from '../../domain/instant.ts';

// ajv-formats ships CommonJS; under NodeNext its default export sits one level down.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const base: Options = { allErrors: true, strict: false, removeAdditional: false, useDefaults: true };

/**
 * Bodies are validated exactly (a string is not a number, unknown fields are refused);
 * query strings and path params arrive as text, so those are coerced.
 */
export function registerValidation(app: FastifyInstance): void {
  const exact = new Ajv({ ...base, coerceTypes: false });
  const coercing = new Ajv({ ...base, coerceTypes: 'array' });
  for (const ajv of [exact, coercing]) {
    addFormats(ajv);
    // Stricter than RFC 3339 alone: only what both databases can store (no year 0, no 24:00).
    ajv.addFormat('date-time', (value: string) => RFC3339.test(value) && isStorableDate(value.slice(0, 10)) && toUtcInstant(value) !== null);
    ajv.addFormat('date', isStorableDate);
  }
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));
}
