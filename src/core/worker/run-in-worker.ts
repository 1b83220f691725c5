import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type FieldError } from '../../domain/errors.ts';
import type { MessageCode, MessageParams } from '../../domain/messages.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

type Failure = { code: ErrorCode; errors: FieldError[]; messageCode: MessageCode; params: MessageParams };
type Reply = { ok: true; result: unknown } | { ok: false; message: string; app: Failure | null };

/**
 * Runs `module`'s exported function `name` with `args` in a worker thread of its own, at a lower
 * priority than the server's thread: long work (better-sqlite3 reads, hashing every row,
 * compressing gigabytes) that must not hold the server's event loop. Arguments and result cross
 * by structured clone, so keep them small; an AppError thrown there is thrown here as one.
 */
export function runInWorker<T>(module: URL, name: string, args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    // The entry registers tsx itself: a `--import tsx` inherited from the server would load it twice.
    const worker = new Worker(ENTRY, { execArgv: [], workerData: { module: module.href, name, args } });
    let replied = false;
    worker.once('message', (reply: Reply) => {
      replied = true;
      if (reply.ok) resolve(reply.result as T);
      else reject(reply.app ? new AppError(reply.app.code, { message: reply.message, ...reply.app }) : new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!replied) reject(new Error(`worker for ${name} stopped with exit code ${code} before it answered`));
    });
  });
}
