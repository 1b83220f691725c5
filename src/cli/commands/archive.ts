import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportArchive } from '../../core/archive/export-archive.ts';
import { importArchive } from '../../core/archive/import-archive.ts';
import { readConfig } from '../../core/config.ts';
import { loadKeyring } from '../../core/crypto/load-keyring.ts';
import { isPostgresUrl, openDatabase, SQLITE_FILE } from '../../core/db/create-db.ts';
import { say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';

const totalRows = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);

async function exportCommand(io: CliIo, file: string, options: { json?: boolean; force?: boolean }): Promise<void> {
  const target = resolve(file);
  const config = readConfig(io.env);
  const databaseFile = isPostgresUrl(config.databaseUrl) ? undefined : join(config.dataDir, SQLITE_FILE);
  const started = performance.now();
  const result = await withDeps(io, (deps) =>
    exportArchive(deps, target, { now: deps.clock.now(), overwrite: options.force === true, databaseFile, onTable: (table, rows) => note(io, `  ${table}: ${say(io, '{{n}} rows', { n: rows })}`) }),
  );
  const rows = Object.fromEntries(Object.entries(result.manifest.digests).map(([table, d]) => [table, d.rows]));
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    printJson(io, { file: target, bytes: result.bytes, rows, audit: result.manifest.audit, keyIds: result.manifest.keyIds, migrations: result.manifest.migrations.length, seconds });
    return;
  }
  print(io, say(io, 'archive written: {{file}} ({{bytes}} bytes, {{rows}} rows in {{tables}} tables, {{seconds}} s)', { file: target, bytes: result.bytes, rows: totalRows(rows), tables: Object.keys(rows).length, seconds: seconds.toFixed(1) }));
  if (result.manifest.keyIds.length > 0) print(io, say(io, 'the data needs encryption key {{keys}}: move kehu.keys.json (or KEHU_SECRET_KEY) with it', { keys: result.manifest.keyIds.join(', ') }));
}

async function importCommand(io: CliIo, file: string, options: { json?: boolean }): Promise<void> {
  const config = readConfig(io.env);
  const keyring = loadKeyring({ secretKey: config.secretKey, dataDir: config.dataDir });
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const started = performance.now();
  try {
    const report = await importArchive(database, resolve(file), { now: new Date(), keyring, onTable: (table, rows) => note(io, `  ${table}: ${say(io, '{{n}} rows', { n: rows })}`) });
    const seconds = (performance.now() - started) / 1000;
    if (options.json) {
      printJson(io, { database: database.location, rows: report.rows, migrated: report.migrated, from: { kehuVersion: report.header.kehuVersion, dialect: report.header.sourceDialect, createdAt: report.header.createdAt }, seconds });
      return;
    }
    const params = { rows: totalRows(report.rows), tables: Object.keys(report.rows).length, dialect: report.header.sourceDialect, at: report.header.createdAt, seconds: seconds.toFixed(1) };
    print(io, `${database.location}: ${say(io, 'loaded {{rows}} rows in {{tables}} tables from a {{dialect}} archive of {{at}} ({{seconds}} s)', params)}`);
    if (report.migrated.length > 0) print(io, say(io, 'then applied this kehu’s newer migrations: {{names}}', { names: report.migrated.join(', ') }));
  } finally {
    await database.close();
  }
}

export function archiveCommand(program: Command, io: CliIo): void {
  const archive = program
    .command('archive')
    .description('move a whole database between kehu installations, SQLite ⇄ PostgreSQL (format: docs/archive-format.md)');
  archive
    .command('export')
    .argument('<file>', 'the archive to write (.tar.gz)')
    .description('write every table, as of one instant, to a portable archive; the server may keep running')
    .option('--force', 'replace the file when it exists already')
    .option('--json', 'print { file, bytes, rows, audit, keyIds } as JSON')
    .action((file: string, options: { json?: boolean; force?: boolean }) => exportCommand(io, file, options));
  archive
    .command('import')
    .argument('<file>', 'an archive written by `kehu archive export`')
    .description('load an archive into an empty kehu database (DATABASE_URL or the data dir); all of it or nothing')
    .option('--json', 'print { database, rows, migrated } as JSON')
    .action((file: string, options: { json?: boolean }) => importCommand(io, file, options));
}
