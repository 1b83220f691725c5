import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { isPostgresUrl, redactedUrl, SQLITE_FILE } from './create-db.ts';

/** Where the configured database is (a file path or a redacted URL) and whether kehu's data is there. */
export interface DatabasePlace {
  location: string;
  isPostgres: boolean;
  exists: boolean;
}

/** Looks for kehu's data at the configured place without creating anything there. */
export async function findDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<DatabasePlace> {
  if (!isPostgresUrl(config.databaseUrl)) {
    const file = join(config.dataDir, SQLITE_FILE);
    return { location: file, isPostgres: false, exists: existsSync(file) };
  }
  const location = redactedUrl(config.databaseUrl);
  const client = new pg.Client({ connectionString: config.databaseUrl });
  try {
    await client.connect();
  } catch {
    // Unreachable: opening it reports that, as it always has.
    return { location, isPostgres: true, exists: true };
  }
  try {
    const { rows } = await client.query<{ found: string | null }>("select to_regclass('kehu_migrations')::text as found");
    return { location, isPostgres: true, exists: rows[0]?.found != null };
  } finally {
    await client.end().catch(() => undefined);
  }
}
