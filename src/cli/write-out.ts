import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PRIVATE_FILE } from '../core/files/private-files.ts';
import type { CliIo } from './io.ts';

/**
 * Writes `body` to standard output, or to `out`: beside the target first and renamed at the end,
 * so a failed write leaves no half file; private to kehu's user like every file kehu writes.
 */
export async function writeOut(io: CliIo, body: Readable | AsyncIterable<string>, out: string | undefined): Promise<void> {
  if (!out) {
    for await (const chunk of body) if (!io.stdout.write(chunk)) await once(io.stdout, 'drain');
    return;
  }
  const partial = `${out}.part`;
  try {
    await pipeline(body, createWriteStream(partial, { mode: PRIVATE_FILE }));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
