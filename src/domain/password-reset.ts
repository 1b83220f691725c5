import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './record.ts';

/** How long a password reset link works. */
export const RESET_LINK_HOURS = 24;

/** Where the web app's set-new-password page reads the token: after #, so it reaches no server log. */
export const resetLinkPath = (token: string) => `/reset-password#${token}`;

const Token = Type.String({ minLength: 1, maxLength: 200, description: 'the token after # in the reset link' });

export const ResetLink = Type.Object({
  userId: Id,
  path: Type.String({ description: 'the link without the server address: /reset-password#<token>; works once, until expiresAt' }),
  expiresAt: Timestamp,
});

export const ResetLinkCheck = Type.Object({ token: Token }, { additionalProperties: false });

export const ResetLinkUser = Type.Object({
  name: Type.String(),
  email: Type.String(),
  expiresAt: Timestamp,
});

export const PasswordReset = Type.Object({ token: Token, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export type ResetLinkShape = Static<typeof ResetLink>;
export type ResetLinkUserShape = Static<typeof ResetLinkUser>;
export type PasswordResetInput = Static<typeof PasswordReset>;
