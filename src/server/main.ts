import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import { openDeps } from '../core/open-deps.ts';
import { ensureFirstAdmin } from '../core/users/ensure-first-admin.ts';
import { startPoolTimer } from '../core/pool/pool-timer.ts';
import { resumeInterruptedImports } from '../core/imports/resume-imports.ts';
import { startBackupScheduler } from '../core/backup/backup-scheduler.ts';
import { buildApp } from './app.ts';
import { markServing } from '../core/db/serving-marker.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Opens the database (migrating it), prepares the first admin, and listens. */
export async function startServer(config: Config, log: (line: string) => void): Promise<RunningServer> {
  const { deps, database, migrations } = await openDeps(config);
  log(`kehu: database ${database.location}`);
  if (migrations.applied.length > 0) log(`kehu: applied migrations ${migrations.applied.join(', ')}${migrations.backup ? ` (backup: ${migrations.backup})` : ''}`);
  const firstRun = await ensureFirstAdmin(deps, { email: config.adminEmail, password: config.adminPassword });
  if (firstRun.state === 'created') log(`kehu: created the admin ${firstRun.email} from KEHU_ADMIN_EMAIL`);
  if (firstRun.state === 'needs-admin') {
    log(`kehu: no users yet. Open http://${config.host}:${config.port} to create the administrator, or from a shell:`);
    log('        npx kehu users add --email you@example.com --name "Your Name" --role admin --password-stdin');
    log('        npx kehu tokens create --user you@example.com');
    log('      or start with KEHU_ADMIN_EMAIL and KEHU_ADMIN_PASSWORD set.');
  }
  const app = await buildApp({ deps, logger: { level: config.logLevel }, backup: config.backup, importDir: config.importDir });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log(`kehu: serving ${url}  (API docs: ${url}/api/docs)`);
  // So that `kehu backup restore` on the same file can tell that this server is using it.
  const unmark = database.dialect.name === 'sqlite' ? markServing(database.location, url) : () => undefined;
  const poolTimer = startPoolTimer(deps, log);
  // Backs itself up every night and tests a restore every week, with no cron (see README, Backups).
  const backups = startBackupScheduler(deps, config.backup, log);
  void backups.tick();
  await resumeInterruptedImports(deps, log);
  return {
    app,
    url,
    async close() {
      poolTimer.stop();
      backups.stop();
      unmark();
      await app.close();
      await database.close();
    },
  };
}
