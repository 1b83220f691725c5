import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Ctx, Deps } from '../../core/context.ts';
import { authenticateToken } from '../../core/tokens/authenticate-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The use-case context of a signed-in request (set by the auth hook on /api/v1). */
    ctx: Ctx;
  }
}

const PUBLIC_PATHS = new Set(['/api/v1/openapi.json']);

/** Every /api/v1 route needs a valid bearer token; the request then carries the actor. */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v1/') || PUBLIC_PATHS.has(path)) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) {
      throw new AppError('unauthorized', { message: 'send an API token as "Authorization: Bearer <token>" (create one with `npx kehu tokens create`)' });
    }
    request.ctx = { ...deps, actor: { ...(await authenticateToken(deps, token)), ip: request.ip } };
  });
}
