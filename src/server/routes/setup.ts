import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createFirstAdmin } from '../../core/setup/create-first-admin.ts';
import { loadDemo } from '../../core/setup/load-demo.ts';
import { setupStatus } from '../../core/setup/setup-status.ts';
import { login } from '../../core/sessions/login.ts';
import { SESSION_COOKIE } from '../../domain/session.ts';
import { DemoLoaded, SetupBody, SetupDone, SetupStatus } from '../../domain/setup.ts';
import { sessionCookie } from '../http/cookies.ts';
import { errorResponses } from '../http/schemas.ts';

const tags = ['setup'];
const problemRef = Type.Unsafe({ $ref: 'Problem#' });
const SESSION_MAX_AGE_S = 14 * 24 * 60 * 60;

/** First run: create the administrator (no sign-in needed, only while there is no user), then demo data. */
export async function setupRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/setup',
    { schema: { tags, summary: 'Whether the workspace still needs its first administrator', security: [], response: { 200: SetupStatus } } },
    (request) => setupStatus(request.deps),
  );

  app.post(
    '/api/v1/setup',
    { schema: { tags, summary: 'Create the first administrator and sign in (409 once any user exists)', security: [], body: SetupBody, response: { 201: SetupDone, 400: problemRef, 409: problemRef } } },
    async (request, reply) => {
      await createFirstAdmin(request.deps, request.body);
      const { token, ...signedIn } = await login(request.deps, { email: request.body.email, password: request.body.password, ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      reply.header('set-cookie', sessionCookie(SESSION_COOKIE, token, { secure: request.protocol === 'https', maxAge: SESSION_MAX_AGE_S }));
      return reply.status(201).send(signedIn);
    },
  );

  app.post(
    '/api/v1/demo',
    { schema: { tags, summary: 'Load the demo data into an empty workspace (admin only; 409 when customers exist)', response: { 201: DemoLoaded, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await loadDemo(request.ctx)),
  );
}
