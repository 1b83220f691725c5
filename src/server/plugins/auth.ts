import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, codedError } from '../../domain/errors.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../domain/session.ts';
import type { Ctx, Deps } from '../../core/context.ts';
import { authenticateSession } from '../../core/sessions/authenticate-session.ts';
import { authenticateToken } from '../../core/tokens/authenticate-token.ts';
import { readCookie } from '../http/cookies.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route changes only the caller's own sign-in (sessions, password, two-factor, tokens):
     * a viewer may use it from a signed-in session. Read-only tokens may use no write route.
     */
    ownAccount?: boolean;
    /** A POST that only reads (its question is too large for a query string): read-only tokens and viewers may use it. */
    readsOnly?: boolean;
  }
  interface FastifyRequest {
    /** The use-case context of a signed-in request (set by the auth hook on /api/v1). */
    ctx: Ctx;
    /** The dependencies, also on public routes such as sign-in, which have no actor. */
    deps: Deps;
    /** The browser session behind the request, or null for API tokens and public routes. */
    session: { id: number; csrfToken: string } | null;
  }
}

const PUBLIC_PATHS = new Set(['/api/v1/openapi.json', '/api/v1/auth/login', '/api/v1/setup', '/api/v1/auth/reset-password', '/api/v1/auth/reset-password/check']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Every /api/v1 route needs a bearer token or a session cookie; the request then carries the
 * actor. Cookies ride along on cross-site requests, so cookie-authenticated writes must also
 * echo the session's CSRF token in a header; bearer tokens are never sent by a browser on its own.
 * Read-only tokens and viewers are refused every write here, before any route runs, so no route
 * can forget it; a viewer's session keeps the routes of its own sign-in (`config.ownAccount`).
 */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('deps', null as unknown as Deps);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.deps = deps;
    // The route the router matched, not the raw URL: /%61pi/v1/users decodes to /api/v1/users.
    const path = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v1/') || PUBLIC_PATHS.has(path)) return;
    const writes = !SAFE_METHODS.has(request.method) && request.routeOptions.config?.readsOnly !== true;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (token) {
      // authenticateToken builds a fresh actor for this request alone; the address joins it.
      const actor = await authenticateToken(deps, token);
      actor.ip = request.ip;
      if (!actor.canWrite && writes) {
        throw new AppError('forbidden', { message: 'this API token is read-only (or its user a viewer): it may read but change nothing', messageCode: 'access.read_only' });
      }
      request.ctx = { ...deps, actor };
      return;
    }
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!cookie) {
      throw codedError('unauthorized', 'session.sign_in_or_token');
    }
    const session = await authenticateSession(deps, cookie);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw new AppError('forbidden', { message: 'send the X-CSRF-Token header you got at sign-in (GET /api/v1/auth/me) with every change', messageCode: 'session.csrf' });
      }
    }
    if (!session.actor.canWrite && writes && request.routeOptions.config?.ownAccount !== true) {
      throw new AppError('forbidden', { message: 'a viewer may read but change nothing except their own sign-in settings', messageCode: 'access.read_only' });
    }
    request.session = { id: session.sessionId, csrfToken: session.csrfToken };
    request.ctx = { ...deps, actor: { ...session.actor, ip: request.ip } };
  });
}
