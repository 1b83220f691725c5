import { Type } from 'typebox';
import { Id } from '../../domain/record.ts';

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

const problemRef = Type.Unsafe({ $ref: 'Problem#' });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: problemRef,
  401: problemRef,
  403: problemRef,
  404: problemRef,
  409: problemRef,
  412: problemRef,
};

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'the ETag of the version you edited, e.g. "v3"; 412 if stale' })),
});
