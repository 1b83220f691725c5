import type { Command } from 'commander';
import { returnStaleCustomers, type ReturnStaleResult } from '../../core/pool/return-stale-customers.ts';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { getPoolSettings } from '../../core/settings/get-pool-settings.ts';
import { updatePoolSettings } from '../../core/settings/update-pool-settings.ts';
import { codedField, isAppError, validationError } from '../../domain/errors.ts';
import type { PoolSettingsPatchInput, PoolSettingsShape } from '../../domain/settings.ts';
import { headers, say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

interface ReturnStaleOptions {
  dryRun?: boolean;
  json?: boolean;
}

function report(io: CliIo, result: ReturnStaleResult): void {
  if (result.returnAfterDays === null) {
    print(io, say(io, 'the pool rules never return customers (returnAfterDays is not set); nothing to do'));
    return;
  }
  const count = result.returned.length;
  const params = { n: count, days: result.returnAfterDays, since: result.cutoff ?? '' };
  if (result.dryRun) print(io, count === 1 ? say(io, 'would return 1 customer untouched for {{days}} days (since {{since}}) to the public pool', params) : say(io, 'would return {{n}} customers untouched for {{days}} days (since {{since}}) to the public pool', params));
  else print(io, count === 1 ? say(io, 'returned 1 customer untouched for {{days}} days (since {{since}}) to the public pool', params) : say(io, 'returned {{n}} customers untouched for {{days}} days (since {{since}}) to the public pool', params));
  if (count === 0) return;
  const rows = result.returned.map((c) => [c.id, c.name, `${c.ownerName} (${c.ownerId})`, c.lastTouchedAt]);
  for (const line of formatTable(headers(io, ['id', 'name', 'owner', 'last touched']), rows)) print(io, line);
}

async function returnStale(io: CliIo, options: ReturnStaleOptions): Promise<void> {
  if (options.dryRun && !options.json) note(io, say(io, 'dry run: nothing is changed'));
  const result = await withDeps(io, (deps) => returnStaleCustomers({ ...deps, actor: CONSOLE_ACTOR }, { dryRun: options.dryRun === true }));
  if (options.json) printJson(io, result);
  else report(io, result);
}

interface SettingsOptions {
  maxPerRep?: string;
  returnAfterDays?: string;
  tellRepsWhenTaken?: string;
  json?: boolean;
}

const FLAGS = { maxCustomersPerRep: '--max-per-rep', returnAfterDays: '--return-after-days', tellRepsWhenTaken: '--tell-reps-when-taken' } as const;

function onOff(flag: string, text: string): boolean {
  if (/^(on|yes|true)$/i.test(text)) return true;
  if (/^(off|no|false)$/i.test(text)) return false;
  throw validationError([codedField(flag, 'cli.on_or_off')]);
}

/** A flag's value: a whole number, or `none` to turn the rule off. */
function ruleValue(flag: string, text: string): number | null {
  if (/^(none|off|null)$/i.test(text)) return null;
  if (!/^\d{1,9}$/.test(text)) throw validationError([codedField(flag, 'cli.whole_or_none')]);
  return Number(text);
}

const describeRules = (io: CliIo, rules: PoolSettingsShape) =>
  [
    say(io, 'max customers per sales rep: {{n}}', { n: rules.maxCustomersPerRep ?? say(io, 'no limit') }),
    say(io, 'return untouched customers after: {{days}}', { days: rules.returnAfterDays === null ? say(io, 'never') : say(io, '{{n}} days', { n: rules.returnAfterDays }) }),
    say(io, 'tell reps when an imported customer is already someone else’s (撞单): {{on}}', { on: rules.tellRepsWhenTaken ? say(io, 'on') : say(io, 'off') }),
  ];

async function settings(io: CliIo, options: SettingsOptions): Promise<void> {
  const patch: PoolSettingsPatchInput = {};
  if (options.maxPerRep !== undefined) patch.maxCustomersPerRep = ruleValue(FLAGS.maxCustomersPerRep, options.maxPerRep);
  if (options.returnAfterDays !== undefined) patch.returnAfterDays = ruleValue(FLAGS.returnAfterDays, options.returnAfterDays);
  if (options.tellRepsWhenTaken !== undefined) patch.tellRepsWhenTaken = onOff(FLAGS.tellRepsWhenTaken, options.tellRepsWhenTaken);
  const rules = await withDeps(io, async (deps) => {
    if (Object.keys(patch).length === 0) return getPoolSettings(deps);
    try {
      return await updatePoolSettings({ ...deps, actor: CONSOLE_ACTOR }, patch);
    } catch (error) {
      // Name the flag the user typed rather than the API field.
      if (!isAppError(error) || error.code !== 'validation') throw error;
      throw validationError(error.errors.map((e) => ({ ...e, field: FLAGS[e.field as keyof typeof FLAGS] ?? e.field })));
    }
  });
  if (options.json) printJson(io, rules);
  else for (const line of describeRules(io, rules)) print(io, line);
}

export function poolCommand(program: Command, io: CliIo): void {
  const pool = program.command('pool').description('the public pool (公海) of customers without an owner');
  pool
    .command('return-stale')
    .description("return sales reps' customers untouched for the pool rules' returnAfterDays to the pool (kehu serve does this daily)")
    .option('--dry-run', 'list the customers that would be returned, change nothing')
    .option('--json', 'print { returnAfterDays, cutoff, dryRun, returned: [...] } as JSON')
    .action((options: ReturnStaleOptions) => returnStale(io, options));
  pool
    .command('settings')
    .description('show the pool rules, or change them with the options (as PATCH /api/v1/settings/pool does)')
    .option('--max-per-rep <n>', 'how many customers a sales rep may own at once, or none')
    .option('--return-after-days <n>', "return a sales rep's customers untouched this many days to the pool, or none")
    .option('--tell-reps-when-taken <on|off>', "撞单: an import tells a rep that a row is already another rep's customer (and refuses it), revealing nothing more; off (default): the rep's own record is created")
    .option('--json', 'print { maxCustomersPerRep, returnAfterDays, tellRepsWhenTaken, updatedAt, updatedBy } as JSON')
    .action((options: SettingsOptions) => settings(io, options));
}
