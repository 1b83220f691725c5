import { join } from 'node:path';
import type { Command } from 'commander';
import { readConfig } from '../../core/config.ts';
import { KEYRING_FILE } from '../../core/crypto/load-keyring.ts';
import { rotateKeys, rotationNeedsKeyFile } from '../../core/crypto/rotate-keys.ts';
import { say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';

async function rotate(io: CliIo, options: { json?: boolean }): Promise<void> {
  const config = readConfig(io.env);
  if (config.secretKey !== undefined) throw rotationNeedsKeyFile();
  const report = await withDeps(io, (deps) => rotateKeys(deps, join(config.dataDir, KEYRING_FILE)));
  if (options.json) printJson(io, report);
  else print(io, say(io, 'new key {{key}}: {{n}} customers re-encrypted; retired {{retired}}', { key: report.keyId, n: report.reencrypted, retired: report.retiredKeyIds.join(', ') }));
}

export function keysCommand(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('manage the keys of the fields encrypted at rest');
  keys
    .command('rotate')
    .description('add a new key, re-encrypt every sensitive value under it, retire the old keys')
    .option('--json', 'print { keyId, retiredKeyIds, reencrypted } as JSON')
    .action((options: { json?: boolean }) => rotate(io, options));
}
