import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from '../core/context.ts';
import { Problem } from '../domain/problem.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerValidation } from './plugins/validation.ts';
import { apiRoutes } from './routes/index.ts';

export interface AppOptions {
  deps: Deps;
  logger?: boolean | { level: string };
  /** Largest accepted JSON body, in bytes. */
  bodyLimit?: number;
  version?: string;
}

/** Builds the HTTP app without listening: main.ts listens, tests use app.inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === undefined ? false : options.logger === true ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : options.logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  registerValidation(app);
  registerErrorHandler(app);
  app.addSchema(Problem);
  await registerOpenApi(app, options.version ?? '0.1.0');
  registerAuth(app, options.deps);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  for (const routes of apiRoutes) await app.register(routes);
  return app;
}
