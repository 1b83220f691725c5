import { readConfig } from '../core/config.ts';
import type { Deps } from '../core/context.ts';
import { openDeps } from '../core/open-deps.ts';
import type { CliIo } from './io.ts';

/** Opens the configured database (migrating it) for one command, and always closes it. */
export async function withDeps<T>(io: CliIo, work: (deps: Deps) => Promise<T>): Promise<T> {
  const { deps, database } = await openDeps(readConfig(io.env));
  try {
    return await work(deps);
  } finally {
    await database.close();
  }
}
