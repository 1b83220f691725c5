import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { FieldError } from '../../domain/errors.ts';
import { schemaFieldErrors, type SchemaIssue } from '../../domain/schema-issue.ts';

/**
 * A checker for records that arrive without the HTTP layer (import, bulk insert): the same
 * schema the API validates bodies with, reporting one error per field.
 */
export function shapeChecker(schema: TSchema): (value: unknown) => FieldError[] {
  const validator = Compile(schema);
  return (value) => {
    if (validator.Check(value)) return [];
    // A closed object reports its extra keys twice (as "boolean" too): schemaFieldErrors keeps one.
    return schemaFieldErrors(validator.Errors(value) as SchemaIssue[], 'record');
  };
}
