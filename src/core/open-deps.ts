import { systemClock, type Clock, type Deps } from './context.ts';
import type { Config } from './config.ts';
import { loadKeyring } from './crypto/load-keyring.ts';
import { checkKeyring, missingKeyFile } from './crypto/check-keyring.ts';
import { encryptedSamples } from './crypto/encrypted-stores.ts';
import { openDatabase, type Database } from './db/create-db.ts';
import { migrate, type MigrationReport } from './db/migrate.ts';
import { ensureDefaultStages } from './pipeline-stages/ensure-default-stages.ts';
import { backupBeforeMigration } from './backup/backup-before-migration.ts';
import { WriteGate } from './backup/write-gate.ts';

/** Opens the configured database, applies pending migrations, gives a new workspace its default pipeline. */
export async function openDeps(
  config: Config,
  clock: Clock = systemClock,
): Promise<{ deps: Deps; database: Database; migrations: MigrationReport }> {
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrations = await migrate(database, { backup: backupBeforeMigration(database, null, config.backup, () => clock.now()) });
    // The key is checked against the data before anything is served, and never made anew over data it cannot read.
    const samples = await encryptedSamples(database);
    const refuseToCreate = samples.length > 0 ? (path: string) => missingKeyFile(path, samples) : undefined;
    const crypto = loadKeyring({ secretKey: config.secretKey, dataDir: config.dataDir, now: clock.now(), ...(refuseToCreate ? { refuseToCreate } : {}) });
    checkKeyring(crypto, samples);
    const deps: Deps = { db: database.db, dialect: database.dialect, clock, settings: { defaultRegion: config.defaultRegion, ...(config.timeZone ? { timeZone: config.timeZone } : {}) }, crypto, writeGate: new WriteGate() };
    await ensureDefaultStages(deps);
    return { deps, database, migrations };
  } catch (error) {
    await database.close();
    throw error;
  }
}
