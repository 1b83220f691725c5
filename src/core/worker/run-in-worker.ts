import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

type Reply = { ok: true; result: unknown } | { ok: false; message: string };

/**
 * Runs `module`'s exported function `name` with `args` in a worker thread of its own: long,
 * synchronous work (better-sqlite3 reads, hashing every row) that must not hold the server's
 * event loop. Arguments and result cross by structured clone.
 */
export function runInWorker<T>(module: URL, name: string, args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { module: module.href, name, args } });
    let replied = false;
    worker.once('message', (reply: Reply) => {
      replied = true;
      if (reply.ok) resolve(reply.result as T);
      else reject(new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!replied) reject(new Error(`worker for ${name} stopped with exit code ${code} before it answered`));
    });
  });
}
