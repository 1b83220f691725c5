import type { Readable, Writable } from 'node:stream';
import type { Language } from '../domain/messages.ts';

/** Where a command reads and writes: the process's streams, or buffers in tests. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** what people read: --lang, else KEHU_LANG, else the locale (set by runCli; English when absent) */
  language?: Language;
  /** --lang when given: exports and analysis files are then for people in that language */
  explicitLanguage?: Language | undefined;
}

export const print = (io: CliIo, line = '') => io.stdout.write(`${line}\n`);
export const note = (io: CliIo, line = '') => io.stderr.write(`${line}\n`);
export const printJson = (io: CliIo, value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
