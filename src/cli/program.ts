import { Command, CommanderError, Option } from 'commander';
import { fileSystemError } from '../core/files/file-errors.ts';
import { KEHU_VERSION } from '../core/kehu-version.ts';
import { isAppError, type AppError } from '../domain/errors.ts';
import { formatMessage, type Language } from '../domain/messages.ts';
import { cliLanguage } from './cli-language.ts';
import { analyticsCommand } from './commands/analytics.ts';
import { archiveCommand } from './commands/archive.ts';
import { auditCommand } from './commands/audit.ts';
import { backupCommand } from './commands/backup.ts';
import { doctorCommand } from './commands/doctor.ts';
import { dedupeCommand } from './commands/dedupe.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { keysCommand } from './commands/keys.ts';
import { poolCommand } from './commands/pool.ts';
import { mergesCommand } from './commands/merges.ts';
import { migrateCommand } from './commands/migrate.ts';
import { qualityCommand } from './commands/quality.ts';
import { seedCommand } from './commands/seed.ts';
import { segmentsCommand } from './commands/segments.ts';
import { serveCommand } from './commands/serve.ts';
import { settingsCommand } from './commands/settings.ts';
import { teamsCommand } from './commands/teams.ts';
import { tokensCommand } from './commands/tokens.ts';
import { usersCommand } from './commands/users.ts';
import { EXIT_CODES, ExitStatus } from './exit-codes.ts';
import { note, type CliIo } from './io.ts';
import { configureUsageErrors, usageError } from './usage-errors.ts';

const commands = [serveCommand, migrateCommand, usersCommand, teamsCommand, tokensCommand, seedCommand, auditCommand, keysCommand, poolCommand, settingsCommand, dedupeCommand, qualityCommand, mergesCommand, importCommand, exportCommand, archiveCommand, backupCommand, doctorCommand, analyticsCommand, segmentsCommand];

/** Runs one CLI invocation and returns its exit code; never exits the process itself. */
export async function runCli(argv: string[], stdio: CliIo): Promise<number> {
  const { language, explicit } = cliLanguage(argv, stdio.env);
  const io: CliIo = { ...stdio, language, explicitLanguage: explicit };
  const program = new Command('kehu')
    .description('kehu (客户) — self-hosted customer database')
    .version(KEHU_VERSION, '-V, --version', 'print the kehu version')
    .addOption(new Option('--lang <lang>', 'the language of messages, tables and summaries, and of exported files for people (default: KEHU_LANG, else zh when LC_ALL or LANG starts with zh, else en)').choices(['zh', 'en']))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: (s, write) => write(usageError(language, s)) });
  for (const add of commands) add(program, io);
  configureUsageErrors(program, language);
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // --help and --version exit 0; every other commander complaint is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CODES.validation;
    if (error instanceof ExitStatus) {
      note(io, `kehu: ${error.message}`);
      return error.exitCode;
    }
    const coded = isAppError(error) ? error : fileSystemError(error);
    if (coded) {
      for (const line of errorLines(coded, language)) note(io, line);
      return EXIT_CODES[coded.code];
    }
    note(io, `kehu: ${formatMessage(language, 'cli.unexpected', { reason: (error as Error).stack ?? String(error) })}`);
    return 1;
  }
}

/** An error as the CLI prints it: the problem, then each field's; in Chinese from their codes where they carry them. */
function errorLines(error: AppError, language: Language): string[] {
  const english = error.message;
  const isOwnLine = (e: AppError['errors'][number]) => `${e.field}: ${e.message}` === english;
  if (language === 'en') return [`kehu: ${english}`, ...error.errors.filter((e) => !isOwnLine(e)).map((e) => `  ${e.field}: ${e.message}`)];
  const fieldText = (e: AppError['errors'][number]) => `${e.field}：${(e.code ? formatMessage(language, e.code, e.params) : null) ?? e.message}`;
  const first = error.errors[0];
  // a validation error's own message is its first field's; a message code of its own is more than the error's kind
  const headline = error.messageCode !== error.code ? (formatMessage(language, error.messageCode, error.params) ?? english) : first && isOwnLine(first) ? fieldText(first) : english;
  return [`kehu: ${headline}`, ...error.errors.filter((e) => !isOwnLine(e)).map((e) => `  ${fieldText(e)}`)];
}
