import type { Command } from 'commander';
import { returnStaleCustomers, type ReturnStaleResult } from '../../core/pool/return-stale-customers.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

interface ReturnStaleOptions {
  dryRun?: boolean;
  json?: boolean;
}

function report(io: CliIo, result: ReturnStaleResult): void {
  if (result.returnAfterDays === null) {
    print(io, 'the pool rules never return customers (returnAfterDays is not set); nothing to do');
    return;
  }
  const count = result.returned.length;
  const verb = result.dryRun ? 'would return' : 'returned';
  print(io, `${verb} ${count} customer${count === 1 ? '' : 's'} untouched for ${result.returnAfterDays} days (since ${result.cutoff}) to the public pool`);
  if (count === 0) return;
  const rows = result.returned.map((c) => [c.id, c.name, `${c.ownerName} (${c.ownerId})`, c.lastTouchedAt]);
  for (const line of formatTable(['id', 'name', 'owner', 'last touched'], rows)) print(io, line);
}

async function returnStale(io: CliIo, options: ReturnStaleOptions): Promise<void> {
  if (options.dryRun && !options.json) note(io, 'dry run: nothing is changed');
  const result = await withDeps(io, (deps) => returnStaleCustomers({ ...deps, actor: null }, { dryRun: options.dryRun === true }));
  if (options.json) printJson(io, result);
  else report(io, result);
}

export function poolCommand(program: Command, io: CliIo): void {
  const pool = program.command('pool').description('the public pool (公海) of customers without an owner');
  pool
    .command('return-stale')
    .description("return sales reps' customers untouched for the pool rules' returnAfterDays to the pool (kehu serve does this daily)")
    .option('--dry-run', 'list the customers that would be returned, change nothing')
    .option('--json', 'print { returnAfterDays, cutoff, dryRun, returned: [...] } as JSON')
    .action((options: ReturnStaleOptions) => returnStale(io, options));
}
