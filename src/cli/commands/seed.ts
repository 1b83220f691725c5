import { Option, type Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { DEFAULT_DEMO_CUSTOMERS, MAX_DEMO_CUSTOMERS, seedDemo, type SeedDemoSummary } from '../../core/seed/seed-demo.ts';
import { validationError } from '../../domain/errors.ts';
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
    throw validationError([{ field: '--customers', message: `must be a whole number from 1 to ${MAX_DEMO_CUSTOMERS}, not "${text}"` }]);
  }
  return count;
}

function report(io: CliIo, summary: SeedDemoSummary, seconds: number): void {
  const { customers, contacts, deals, orders, interactions, tasks } = summary;
  print(io, `Demo workspace ready in ${seconds.toFixed(1)} s:`);
  print(io, `  ${customers} customers, ${contacts} contacts, ${deals} deals, ${orders} orders, ${interactions} interactions, ${tasks} tasks`);
  if (summary.createdUsers.length > 0) print(io, `  sales team added (no passwords): ${summary.createdUsers.join(', ')}`);
  print(io, `  entered from the console; the admin is ${summary.actingAdmin}${summary.createdAdmin ? ' (created just now, no password)' : ''}`);
  print(io, 'Look around: start the server with `kehu serve` (or `npm start`).');
  if (!summary.hasAdminWithPassword) {
    print(io);
    print(io, 'No admin can sign in yet. Create one, typing the password on standard input:');
    print(io, '  kehu users add --email you@example.com --name "Your Name" --role admin --password-stdin');
    print(io, 'or give the demo admin an API token: kehu tokens create --user ' + summary.actingAdmin);
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
      note(io, `kehu: seeding ${customers} demo customers…`);
      const started = performance.now();
      const summary = await withDeps(io, (deps) => seedDemo(deps, { customers, force: options.force === true, actor: CONSOLE_ACTOR }), { mayCreate: true });
      const seconds = (performance.now() - started) / 1000;
      if (options.json) printJson(io, { ...summary, seconds: Math.round(seconds * 10) / 10 });
      else report(io, summary, seconds);
    });
}
