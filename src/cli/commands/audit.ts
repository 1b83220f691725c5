import type { Command } from 'commander';
import { verifyAudit } from '../../core/audit/verify-audit.ts';
import { codedError } from '../../domain/errors.ts';
import { nestedReasons } from '../../domain/messages.ts';
import { say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';

async function verify(io: CliIo, options: { json?: boolean }): Promise<void> {
  const verdict = await withDeps(io, (deps) => verifyAudit(deps));
  if (options.json) printJson(io, verdict);
  if (!verdict.ok) {
    // Exit 5 (conflict): the stored log contradicts its own chain.
    throw codedError('conflict', 'audit.broken', { entryId: verdict.entryId, entries: verdict.entries, ...nestedReasons([{ field: 'row', message: verdict.reason, code: verdict.code, params: verdict.params }]) });
  }
  if (!options.json) print(io, say(io, 'audit log intact: {{n}} entries', { n: verdict.entries }));
}

export function auditCommand(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('check the tamper-evident audit log');
  audit
    .command('verify')
    .description('walk the hash chain and report the first entry that was altered or removed (exit 5)')
    .option('--json', 'print { ok, entries, entryId?, reason? } as JSON')
    .action((options: { json?: boolean }) => verify(io, options));
}
