import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import type { Command } from 'commander';
import { readConfig } from '../../core/config.ts';
import { existingBackupDir, runBackup, runPrune, runRestore, runVerify, type JobContext } from '../../core/backup/backup-jobs.ts';
import type { BackupSecret } from '../../core/backup/backup-format.ts';
import { listBackups } from '../../core/backup/list-backups.ts';
import { secretProblem } from '../../core/backup/verify-backup.ts';
import { failedOnes } from '../../core/backup/backup-checks.ts';
import type { Deps } from '../../core/context.ts';
import { codedError, codedField, validationError } from '../../domain/errors.ts';
import { say } from '../cli-words.ts';
import { note, print, printJson, readAll, type CliIo } from '../io.ts';
import { isPostgresUrl, SQLITE_FILE } from '../../core/db/create-db.ts';
import { servingServer } from '../../core/db/serving-marker.ts';
import { join } from 'node:path';
import { checkLines, problemText } from '../backup-words.ts';
import { withDeps } from '../with-deps.ts';

interface Common {
  dir?: string;
  json?: boolean;
  passphraseStdin?: boolean;
  keyFile?: string;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function secretOf(io: CliIo, options: Common): Promise<BackupSecret | null | undefined> {
  if (options.passphraseStdin && options.keyFile) throw validationError([codedField('--key-file', 'cli.either_not_both', { other: '--passphrase-stdin' })]);
  if (options.keyFile) return { keyFile: options.keyFile };
  if (options.passphraseStdin) return { passphrase: (await readAll(io.stdin)).replace(/\r?\n$/, '') };
  return undefined;
}

async function withJob<T>(io: CliIo, options: Common, work: (context: JobContext) => Promise<T>, mayCreate = false): Promise<T> {
  const config = readConfig(io.env);
  const secret = await secretOf(io, options);
  return withDeps(io, (deps: Deps) => work({ deps, config: config.backup, trigger: 'cli', actor: CONSOLE_ACTOR, dir: options.dir, secret }), { mayCreate });
}

const withSecret = (command: Command) =>
  command
    .option('--dir <dir>', 'the backup directory (default: KEHU_BACKUP_DIR, the admin page\u2019s choice, or <data dir>/backups)')
    .option('--passphrase-stdin', 'read the encryption passphrase from standard input (default: KEHU_BACKUP_PASSPHRASE)')
    .option('--key-file <file>', 'encrypt or decrypt with a key file of at least 32 random bytes (default: KEHU_BACKUP_KEY_FILE)')
    .option('--json', 'print the result as JSON');

export function backupCommand(program: Command, io: CliIo): void {
  const backup = program.command('backup').description('online backups with a manifest, restore tests, restore and retention (see README, Backups)');

  withSecret(backup.command('create').description('back the database up now, online, into one compressed file (encrypted with a passphrase or key file when given)')).action(async (options: Common) => {
    const info = await withJob(io, options, runBackup);
    if (!info) return;
    if (options.json) return void printJson(io, { name: info.name, path: info.path, bytes: info.bytes, seconds: info.seconds, manifest: info.manifest });
    const rows = Object.values(info.manifest.digests).reduce((a, d) => a + d.rows, 0);
    const params = { file: info.path, size: mb(info.bytes), rows, seconds: info.seconds.toFixed(1) };
    print(io, say(io, info.manifest.encrypted ? 'backup written: {{file}} ({{size}}, {{rows}} rows, encrypted, {{seconds}} s)' : 'backup written: {{file}} ({{size}}, {{rows}} rows, {{seconds}} s)', params));
  });

  backup
    .command('list')
    .description('the backups in the backup directory, newest first')
    .option('--dir <dir>', 'the backup directory')
    .option('--json', 'print the list as JSON')
    .action(async (options: Common) => {
      const config = readConfig(io.env);
      const dir = await withDeps(io, (deps) => existingBackupDir({ deps, config: config.backup, dir: options.dir }));
      const list = listBackups(dir);
      if (options.json) return void printJson(io, { dir, backups: list.map(({ manifest, ...b }) => ({ ...b, manifest })) });
      if (list.length === 0) return void print(io, say(io, 'no backups in {{dir}}', { dir }));
      for (const b of list) {
        const customers = b.manifest?.digests.customers?.rows;
        const encrypted = b.manifest?.encrypted ? `  ${say(io, 'encrypted')}` : '';
        print(io, b.manifest ? `${b.name}  ${mb(b.bytes)}  ${b.manifest.dialect}  ${say(io, '{{n}} customers', { n: customers ?? 0 })}${encrypted}` : `${b.name}  ${say(io, 'unreadable: {{problem}}', { problem: problemText(io, b) })}`);
      }
    });

  withSecret(backup.command('verify').argument('<file>', 'a backup file, or its name in the backup directory').description('restore test: restore into a scratch database and check integrity, row counts, checksums, the audit chain and the key (exit 5 when a check fails)')).action(
    async (file: string, options: Common) => {
      const report = await withJob(io, options, (context) => runVerify(context, file));
      if (!report) return;
      if (options.json) printJson(io, report);
      else for (const line of checkLines(io, report.checks)) print(io, line);
      // A wrong or missing passphrase is the answer, not the checks it kept from running.
      const locked = secretProblem(report);
      if (locked) throw codedError('validation', locked.code, locked.params);
      if (!report.ok) throw codedError('conflict', 'backup.restore_test_failed', { file: report.name, checks: failedOnes(report.checks).map((c) => c.check).join(', ') });
      if (!options.json) print(io, say(io, '{{file}}: restore test passed ({{seconds}} s)', { file: report.name, seconds: report.seconds.toFixed(1) }));
    },
  );

  withSecret(backup.command('restore').argument('<file>', 'a backup file, or its name in the backup directory').description('bring a backup back over the database, after a safety backup of what is there; refuses a non-empty database without --force'))
    .option('--force', 'replace a database that holds data')
    .action(async (file: string, options: Common & { force?: boolean }) => {
      const config = readConfig(io.env);
      const serving = isPostgresUrl(config.databaseUrl) ? null : servingServer(join(config.dataDir, SQLITE_FILE));
      if (serving) note(io, say(io, 'warning: a kehu server (process {{pid}}, {{url}}) is serving this database. It does not pause its writes for a restore from here: what its users change meanwhile is lost and it may answer with the old data. Restore from its admin page or POST /api/v1/backups/NAME/restore instead, or stop it first.', { pid: serving.pid, url: serving.url }));
      const report = await withJob(io, options, (context) => runRestore(context, file, { force: options.force === true }), true);
      if (options.json) return void printJson(io, report);
      const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
      print(io, say(io, 'restored {{file}} (taken {{at}}): {{rows}} rows in {{seconds}} s', { file: report.name, at: report.createdAt, rows, seconds: report.seconds.toFixed(1) }));
      print(io, say(io, 'what was there before is in {{file}}', { file: report.safetyBackup.path }));
      print(io, say(io, 'everyone signs in again ({{sessions}} sign-ins ended); shut again as they were before the restore: {{tokens}} revoked API tokens, {{users}} disabled users', { sessions: report.access.sessionsEnded, tokens: report.access.tokensRevoked, users: report.access.usersDisabled }));
      if (report.access.adminsKept > 0) note(io, say(io, 'warning: {{n}} admins disabled since the backup stay enabled — the backup holds no other admin, and without them no one could administer kehu. Disable them once another admin can sign in.', { n: report.access.adminsKept }));
      if (report.migrated.length > 0) print(io, say(io, 'then applied this kehu’s newer migrations: {{names}}', { names: report.migrated.join(', ') }));
    });

  backup
    .command('prune')
    .description('delete the backups the retention rules do not keep (default 7 daily, 4 weekly, 12 monthly)')
    .option('--dir <dir>', 'the backup directory')
    .option('--keep-daily <n>', 'days to keep the newest backup of')
    .option('--keep-weekly <n>', 'weeks to keep the newest backup of')
    .option('--keep-monthly <n>', 'months to keep the newest backup of')
    .option('--dry-run', 'only say what would be deleted')
    .option('--json', 'print { kept, deleted } as JSON')
    .action(async (options: Common & { keepDaily?: string; keepWeekly?: string; keepMonthly?: string; dryRun?: boolean }) => {
      const count = (value: string | undefined, flag: string) => {
        if (value === undefined) return undefined;
        const n = Number(value);
        if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw validationError([codedField(flag, 'cli.whole_or_zero', { value })]);
        return n;
      };
      const policy = Object.fromEntries(
        Object.entries({ daily: count(options.keepDaily, '--keep-daily'), weekly: count(options.keepWeekly, '--keep-weekly'), monthly: count(options.keepMonthly, '--keep-monthly') }).filter(([, v]) => v !== undefined),
      );
      const report = await withJob(io, options, (context) => runPrune(context, policy, options.dryRun === true));
      if (options.json) return void printJson(io, report);
      const counts = { n: report.deleted.length, kept: report.kept.length };
      print(io, options.dryRun ? say(io, 'would delete {{n}} backups, keep {{kept}}', counts) : say(io, 'deleted {{n}} backups, kept {{kept}}', counts));
      for (const name of report.deleted) print(io, `  ${options.dryRun ? say(io, 'would delete {{file}}', { file: name }) : say(io, 'deleted {{file}}', { file: name })}`);
    });
}
