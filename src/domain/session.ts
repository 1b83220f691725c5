import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './record.ts';
import { User } from './user.ts';

export const SESSION_COOKIE = 'kehu_session';
export const CSRF_HEADER = 'x-csrf-token';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totp: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'for users with two-factor sign-in: the 6-digit code of their authenticator app, or one of their recovery codes' })),
  },
  { additionalProperties: false },
);

export const SignedIn = Type.Object({
  user: User,
  csrfToken: Nullable(Type.String({ description: 'send it as X-CSRF-Token on every write made with the session cookie; null for API tokens' })),
});

export const SessionInfo = Type.Object({
  id: Id,
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean({ description: 'true for the session that made this request' }),
});

export const PasswordChange = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export type LoginInput = Static<typeof LoginBody>;
export type SignedInShape = Static<typeof SignedIn>;
export type SessionInfoShape = Static<typeof SessionInfo>;
export type PasswordChangeInput = Static<typeof PasswordChange>;
