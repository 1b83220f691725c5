import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { changePassword } from '../../core/sessions/change-password.ts';
import { listMySessions } from '../../core/sessions/list-sessions.ts';
import { disableTotp } from '../../core/sessions/disable-totp.ts';
import { enableTotp } from '../../core/sessions/enable-totp.ts';
import { login, TotpRequired } from '../../core/sessions/login.ts';
import { logout } from '../../core/sessions/logout.ts';
import { revokeAllSessions } from '../../core/sessions/revoke-all-sessions.ts';
import { resetPassword, checkResetLink } from '../../core/sessions/reset-password.ts';
import { revokeSession } from '../../core/sessions/revoke-session.ts';
import { setupTotp } from '../../core/sessions/setup-totp.ts';
import { toUser, usersQuery } from '../../core/users/users.repository.ts';
import { codedError } from '../../domain/errors.ts';
import { PasswordReset, ResetLinkCheck, ResetLinkUser } from '../../domain/password-reset.ts';
import { LoginBody, PasswordChange, SESSION_COOKIE, SessionInfo, SignedIn } from '../../domain/session.ts';
import { TotpCodeBody, TotpDisableBody, TotpEnabled, TotpSetup } from '../../domain/totp.ts';
import { sessionCookie } from '../http/cookies.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['auth'];
const problemRef = Type.Unsafe({ $ref: 'Problem#' });
const SESSION_MAX_AGE_S = 14 * 24 * 60 * 60;
const LoginProblem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  totpRequired: Type.Optional(Type.Boolean({ description: 'true: the password was right; send the authenticator code (or a recovery code) as `totp`' })),
});

const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, maxAge: number) =>
  reply.header('set-cookie', sessionCookie(SESSION_COOKIE, value, { secure: request.protocol === 'https', maxAge }));

/** Two-factor settings change only from a signed-in browser session: an API token must not enrol its user. */
const requireSession = async (request: FastifyRequest) => {
  if (!request.session) throw codedError('forbidden', 'totp.session_only');
};

export async function authRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/auth/login',
    { schema: { tags, summary: 'Sign in with e-mail and password: sets the kehu_session cookie and returns the CSRF token', security: [], body: LoginBody, response: { 200: SignedIn, 400: problemRef, 401: LoginProblem, 429: problemRef } } },
    async (request, reply) => {
      try {
        const { token, ...signedIn } = await login(request.deps, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
        setCookie(request, reply, token, SESSION_MAX_AGE_S);
        return signedIn;
      } catch (error) {
        if (error instanceof TotpRequired) {
          // The one problem with an extra member: the client shows a code field and sends it as `totp`.
          const body = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: error.message, totpRequired: true };
          return reply.status(401).header('www-authenticate', 'Bearer realm="kehu"').type('application/problem+json').send(body);
        }
        throw error;
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { ownAccount: true }, schema: { tags, summary: 'Sign out: ends this session and clears the cookie', response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await logout(request.ctx, request.session?.id ?? null);
      setCookie(request, reply, '', 0);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'Who is signed in, with the CSRF token for cookie-authenticated writes', response: { 200: SignedIn, ...errorResponses } } },
    async (request) => ({
      user: toUser(await usersQuery(request.ctx).where('users.id', '=', request.ctx.actor.userId).executeTakeFirstOrThrow()),
      csrfToken: request.session?.csrfToken ?? null,
    }),
  );

  app.get(
    '/api/v1/auth/sessions',
    { schema: { tags, summary: 'My sessions that still work, newest first', response: { 200: Type.Object({ items: Type.Array(SessionInfo) }), ...errorResponses } } },
    async (request) => ({ items: await listMySessions(request.ctx, request.session?.id ?? null) }),
  );

  app.delete(
    '/api/v1/auth/sessions/:id',
    { config: { ownAccount: true }, schema: { tags, summary: 'Sign out one of my sessions', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await revokeSession(request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/sessions/revoke-all',
    { config: { ownAccount: true }, schema: { tags, summary: 'Sign out everywhere: ends all my sessions, this one included', response: { 200: Type.Object({ revoked: Type.Integer() }), ...errorResponses } } },
    async (request, reply) => {
      const revoked = await revokeAllSessions(request.ctx);
      if (request.session) setCookie(request, reply, '', 0);
      return { revoked };
    },
  );

  app.post(
    '/api/v1/auth/password',
    { config: { ownAccount: true }, schema: { tags, summary: 'Change my password (the current one is required); my other sessions end', body: PasswordChange, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await changePassword(request.ctx, request.body, request.session?.id ?? null);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/reset-password/check',
    { schema: { tags, summary: 'Whose password a reset link sets (no sign-in): 400 when the link is invalid, used or expired', security: [], body: ResetLinkCheck, response: { 200: ResetLinkUser, 400: problemRef } } },
    (request) => checkResetLink(request.deps, request.body.token),
  );

  app.post(
    '/api/v1/auth/reset-password',
    { schema: { tags, summary: 'Set a new password with a reset link from an admin (no sign-in); the link is used up and every session of the user ends', security: [], body: PasswordReset, response: { 204: Type.Null(), 400: problemRef } } },
    async (request, reply) => {
      await resetPassword(request.deps, request.body, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    { config: { ownAccount: true }, schema: { tags, summary: 'Start two-factor sign-in: a new secret and otpauth:// URI for an authenticator app (not in force until enabled)', response: { 200: TotpSetup, ...errorResponses } }, preHandler: requireSession },
    (request) => setupTotp(request.ctx),
  );

  app.post(
    '/api/v1/auth/totp/enable',
    { config: { ownAccount: true }, schema: { tags, summary: 'Turn two-factor sign-in on with a current code; returns one-time recovery codes, shown only now', body: TotpCodeBody, response: { 200: TotpEnabled, ...errorResponses } }, preHandler: requireSession },
    (request) => enableTotp(request.ctx, request.body.code),
  );

  app.post(
    '/api/v1/auth/totp/disable',
    { config: { ownAccount: true }, schema: { tags, summary: 'Turn two-factor sign-in off, with my password or a current or recovery code', body: TotpDisableBody, response: { 204: Type.Null(), ...errorResponses } }, preHandler: requireSession },
    async (request, reply) => {
      await disableTotp(request.ctx, request.body);
      return reply.code(204).send(null);
    },
  );
}
