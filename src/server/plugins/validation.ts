import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
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
  const { exact, coercing } = (validators ??= { exact: withFormats(new Ajv({ ...base, coerceTypes: false })), coercing: withFormats(new Ajv({ ...base, coerceTypes: 'array' })) });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));
}

// One pair for the process: ajv remembers each schema it compiled, so a second app (the tests build
// hundreds) reuses the validators instead of compiling every route's again.
let validators: { exact: Ajv; coercing: Ajv } | undefined;

function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  // Stricter than RFC 3339 alone: only what both databases can store (no year 0, no 24:00).
  ajv.addFormat('date-time', (value: string) => RFC3339.test(value) && isStorableDate(value.slice(0, 10)) && toUtcInstant(value) !== null);
  ajv.addFormat('date', isStorableDate);
  return ajv;
}

type SerializerBuilder = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>;
type Serializer = ReturnType<ReturnType<SerializerBuilder>>;

// fastify's own builder (fast-json-stringify), taken from fastify's dependencies as fastify takes it.
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
const buildFastifySerializer = (fastifyRequire('@fastify/fast-json-stringify-compiler') as () => SerializerBuilder)();
const serializers = new Map<string, WeakMap<object, Serializer>>();

/**
 * fastify's serializer builder, remembering each response schema's serializer for the process:
 * a second app reuses them instead of compiling every route's again (~1.5 s an app on this machine).
 */
export const serializerBuilder: SerializerBuilder = (externalSchemas, options) => {
  const key = JSON.stringify([externalSchemas, options ?? null]);
  const known = serializers.get(key) ?? new WeakMap<object, Serializer>();
  serializers.set(key, known);
  const compile = buildFastifySerializer(externalSchemas, options);
  return (route) => {
    const schema = route.schema as object;
    let serialize = known.get(schema);
    if (!serialize) {
      serialize = compile(route);
      known.set(schema, serialize);
    }
    return serialize;
  };
};
