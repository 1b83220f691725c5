import type { Command } from 'commander';
import { readConfig } from '../../core/config.ts';
import { openDeps } from '../../core/open-deps.ts';
import { say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';

export function migrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations (on SQLite the file is backed up first)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const { database, migrations } = await openDeps(readConfig(io.env));
      await database.close();
      if (options.json) {
        printJson(io, { database: database.location, ...migrations });
      } else if (migrations.applied.length === 0) {
        print(io, `${database.location}: ${say(io, 'up to date ({{n}} migrations applied)', { n: migrations.alreadyApplied })}`);
      } else {
        print(io, `${database.location}: ${say(io, 'applied {{names}}', { names: migrations.applied.join(', ') })}`);
        if (migrations.backup) print(io, say(io, 'backup of the database before migrating: {{file}}', { file: migrations.backup }));
      }
    });
}
