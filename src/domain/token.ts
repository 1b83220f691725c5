import { Type, type Static } from 'typebox';
import { Id, Literals, Nullable, Timestamp } from './record.ts';

export const TokenScope = Literals(['read', 'write'] as const);

/** An API token as listed: never the token itself nor its hash, only its first characters. */
export const ApiToken = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'the first characters of the token, to recognise it' }),
  scope: TokenScope,
  userId: Id,
  email: Type.String({ description: 'the user the token acts as' }),
  status: Literals(['active', 'expired', 'revoked'] as const),
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenCreate = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100, description: 'what the token is for, e.g. "erp sync"' })),
    readOnly: Type.Optional(Type.Boolean({ description: 'the token may read but not change anything' })),
    expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601 with a zone; in the future' }))),
    userId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreate>;

/** The answer to a create: the only time the token itself is shown. */
export const ApiTokenCreated = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'shown once; send as "Authorization: Bearer <token>"' }),
});

/** The answer to "revoke all my tokens": whose, and which were revoked now. */
export const RevokedTokens = Type.Object({
  userId: Id,
  revoked: Type.Array(Id, { description: 'the ids of the tokens revoked now; revoked and expired ones are left as they were' }),
});
export type RevokedTokens = Static<typeof RevokedTokens>;
