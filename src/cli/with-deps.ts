import { readConfig, type Config } from '../core/config.ts';
import type { Deps } from '../core/context.ts';
import { findDatabase } from '../core/db/find-database.ts';
import { openDeps } from '../core/open-deps.ts';
import { AppError } from '../domain/errors.ts';
import { formatMessage, type MessageCode } from '../domain/messages.ts';
import type { CliIo } from './io.ts';

export interface WithDepsOptions {
  /** Set-up commands (users add, seed, backup restore) may start a new database; the rest refuse. */
  mayCreate?: boolean;
}

/** Refuses a command that expects data when the configured place holds none, saying where it looked. */
export async function assertDatabaseExists(config: Config, env: NodeJS.ProcessEnv): Promise<void> {
  const place = await findDatabase(config);
  if (place.exists) return;
  const code: MessageCode = place.isPostgres ? 'database.missing_postgres' : env.KEHU_DATA_DIR ? 'database.missing' : 'database.missing_default';
  const params = { location: place.location };
  throw new AppError('not_found', { message: formatMessage('en', code, params) ?? code, messageCode: code, params });
}

/** Opens the configured database (migrating it) for one command, and always closes it. */
export async function withDeps<T>(io: CliIo, work: (deps: Deps) => Promise<T>, options: WithDepsOptions = {}): Promise<T> {
  const config = readConfig(io.env);
  if (!options.mayCreate) await assertDatabaseExists(config, io.env);
  const { deps, database } = await openDeps(config);
  try {
    return await work(deps);
  } finally {
    await database.close();
  }
}
