import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/program.ts';
import type { TestDatabase } from './databases.ts';
import { TEST_SECRET_KEY } from './keyring.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kehu <argv>` in-process with captured output, as a user at a terminal would. */
export async function runKehu(argv: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runCli(argv, { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]), env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** `kehu <argv>` as its own process (the real bin/kehu.js), with exactly `env`, from `cwd`: as a person at a terminal runs it. */
export function runKehuProcess(argv: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliRun> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/kehu.js'), ...argv], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

/** The environment that points the CLI at a test database (and nothing else from the real one). */
export const cliEnv = (db: TestDatabase): NodeJS.ProcessEnv => ({
  ...(db.url ? { DATABASE_URL: db.url } : { KEHU_DATA_DIR: db.dataDir }),
  KEHU_SECRET_KEY: TEST_SECRET_KEY,
});
