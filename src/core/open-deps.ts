import { systemClock, type Clock, type Deps } from './context.ts';
import type { Config } from './config.ts';
import { loadKeyring } from './crypto/load-keyring.ts';
import { checkKeyring } from './crypto/check-keyring.ts';
import { openDatabase, type Database } from './db/create-db.ts';
import { migrate, type MigrationReport } from './db/migrate.ts';
import { ensureDefaultStages } from './pipeline-stages/ensure-default-stages.ts';

/** Opens the configured database, applies pending migrations, gives a new workspace its default pipeline. */
export async function openDeps(
  config: Config,
  clock: Clock = systemClock,
): Promise<{ deps: Deps; database: Database; migrations: MigrationReport }> {
  const crypto = loadKeyring({ secretKey: config.secretKey, dataDir: config.dataDir, now: clock.now() });
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrations = await migrate(database);
    const deps: Deps = { db: database.db, dialect: database.dialect, clock, settings: { defaultRegion: config.defaultRegion }, crypto };
    await checkKeyring(deps);
    await ensureDefaultStages(deps);
    return { deps, database, migrations };
  } catch (error) {
    await database.close();
    throw error;
  }
}
