import { Option, type Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { DEFAULT_DEMO_CUSTOMERS, MAX_DEMO_CUSTOMERS, seedDemo, type SeedDemoSummary } from '../../core/seed/seed-demo.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';

interface SeedOptions {
  demo: boolean;
  customers?: string;
  force?: boolean;
  json?: boolean;
}

function customerCount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DEMO_CUSTOMERS;
  const count = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DEMO_CUSTOMERS) {
    throw validationError([codedField('--customers', 'cli.whole_from_to', { min: 1, max: MAX_DEMO_CUSTOMERS, value: text })]);
  }
  return count;
}

function report(io: CliIo, summary: SeedDemoSummary, seconds: number): void {
  const { customers, contacts, deals, orders, interactions, tasks } = summary;
  print(io, say(io, 'Demo workspace ready in {{seconds}} s:', { seconds: seconds.toFixed(1) }));
  print(io, `  ${say(io, '{{customers}} customers, {{contacts}} contacts, {{deals}} deals, {{orders}} orders, {{interactions}} interactions, {{tasks}} tasks', { customers, contacts, deals, orders, interactions, tasks })}`);
  if (summary.createdUsers.length > 0) print(io, `  ${say(io, 'sales team added (no passwords): {{users}}', { users: summary.createdUsers.join(', ') })}`);
  const admin = { admin: summary.actingAdmin };
  print(io, `  ${summary.createdAdmin ? say(io, 'entered from the console; the admin is {{admin}} (created just now, no password)', admin) : say(io, 'entered from the console; the admin is {{admin}}', admin)}`);
  print(io, say(io, 'Look around: start the server with `kehu serve` (or `npm start`).'));
  if (!summary.hasAdminWithPassword) {
    print(io);
    print(io, say(io, 'No admin can sign in yet. Create one, typing the password on standard input:'));
    print(io, '  kehu users add --email you@example.com --name "Your Name" --role admin --password-stdin');
    print(io, say(io, 'or give the demo admin an API token: kehu tokens create --user {{admin}}', admin));
  }
}

export function seedCommand(program: Command, io: CliIo): void {
  program
    .command('seed')
    .description('fill the workspace with sample data, to try kehu out')
    .addOption(new Option('--demo', 'a realistic demo: a sales team, customers, contacts, deals, orders, interactions, tasks').makeOptionMandatory())
    .option('--customers <n>', `how many customers (default ${DEFAULT_DEMO_CUSTOMERS})`)
    .option('--force', 'add the demo data even though the database already holds customers')
    .option('--json', 'print the counts as JSON')
    .action(async (options: SeedOptions) => {
      const customers = customerCount(options.customers);
      note(io, `kehu: ${say(io, 'seeding {{n}} demo customers…', { n: customers })}`);
      const started = performance.now();
      const summary = await withDeps(io, (deps) => seedDemo(deps, { customers, force: options.force === true, actor: CONSOLE_ACTOR }), { mayCreate: true });
      const seconds = (performance.now() - started) / 1000;
      if (options.json) printJson(io, { ...summary, seconds: Math.round(seconds * 10) / 10 });
      else report(io, summary, seconds);
    });
}
