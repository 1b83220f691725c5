import Fastify, { type FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import { backupHealth } from '../core/backup/backup-overview.ts';
import { readBackupConfig, type BackupConfig } from '../core/backup/backup-config.ts';
import { importDirOf } from '../core/config.ts';
import type { Deps } from '../core/context.ts';
import { Problem } from '../domain/problem.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerInputGuard } from './plugins/input-guard.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerRequestStats } from './plugins/request-stats.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerValidation, serializerBuilder } from './plugins/validation.ts';
import { registerWeb } from './plugins/web.ts';
import { registerWriteGate } from './plugins/write-gate.ts';
import { WriteGate } from '../core/backup/write-gate.ts';
import { apiRoutes } from './routes/index.ts';

export interface AppOptions {
  deps: Deps;
  logger?: boolean | { level: string };
  /** Largest accepted JSON body, in bytes. */
  bodyLimit?: number;
  version?: string;
  /** Fastify's trustProxy: believe X-Forwarded-* from a proxy (so cookies get Secure behind HTTPS). Default: KEHU_TRUST_PROXY. */
  trustProxy?: boolean | string;
  /** Backup directory, encryption and metrics token; default: from the environment. */
  backup?: BackupConfig;
  /** Where uploaded import files wait; default: from the environment (KEHU_IMPORT_DIR, KEHU_DATA_DIR). */
  importDir?: string;
}

const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/** KEHU_TRUST_PROXY: "true", or the proxies' addresses/CIDRs, comma-separated. */
function trustProxyFromEnv(value = process.env.KEHU_TRUST_PROXY): boolean | string {
  if (!value || value === 'false') return false;
  return value === 'true' ? true : value;
}

/** Builds the HTTP app without listening: main.ts listens, tests use app.inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === undefined || options.logger === false ? false : { ...(options.logger === true ? { level: 'info' } : options.logger), redact: REDACT },
    trustProxy: options.trustProxy ?? trustProxyFromEnv(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildSerializer: serializerBuilder } },
  });
  registerValidation(app);
  registerInputGuard(app);
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  app.addSchema(Problem);
  await registerOpenApi(app, options.version ?? '0.1.0');
  // Every server has its maintenance gate, closed while a restore runs (tests build apps from bare deps).
  const deps: Deps = options.deps.writeGate ? options.deps : { ...options.deps, writeGate: new WriteGate() };
  registerAuth(app, deps);
  registerWriteGate(app, deps);
  registerRequestStats(app, deps);
  // Configuration is read here, once, never in a request.
  app.decorate('backupConfig', options.backup ?? readBackupConfig(process.env, resolve(process.env.KEHU_DATA_DIR ?? 'data')));
  app.decorate('importDir', options.importDir ?? importDirOf(process.env));
  // Liveness, with the backup facts a monitor wants (when, and whether it worked) and a restore under way; never secrets.
  app.get('/healthz', { schema: { hide: true } }, async () => {
    const restore = deps.writeGate?.restoring ?? null;
    // While PostgreSQL replaces its tables a read would wait for the whole load: the facts come after.
    const backup = restore?.readsPaused ? null : await backupHealth(deps).catch(() => null);
    return { status: 'ok', restore, backup };
  });
  for (const routes of apiRoutes) await app.register(routes);
  await registerWeb(app);
  return app;
}
