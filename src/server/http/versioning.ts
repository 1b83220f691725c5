import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';

export const etagOf = (version: number): string => `"v${version}"`;

/** Sends the record with its ETag, so a client can send it back as If-Match. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('etag', etagOf(record.version));
  return record;
}

/** The version an If-Match header demands, or undefined when the client sent none (or `*`). */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?v?(\d{1,12})"?\s*$/.exec(header);
  if (!match) {
    throw new AppError('validation', {
      message: 'If-Match must be the ETag of the record, e.g. "v3"',
      messageCode: 'request.if_match',
      errors: [{ field: 'If-Match', message: `cannot read "${header}" as a record version`, code: 'field.if_match', params: { value: header } }],
    });
  }
  return Number(match[1]);
}
