import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import type { TableSource } from '../files/open-table.ts';
import type { ReadyRows } from './customer-batch.ts';
import type { RowRules } from './customer-rows.ts';
import { unpackBatch } from './packed-batch.ts';
import type { SourceRow } from './import-batch.ts';
import type { WorkerInput, WorkerMessage } from './prepare-worker.ts';

/** Files from this size on are prepared in a worker thread (starting one costs about a second). */
export const WORKER_MIN_BYTES = 4 * 2 ** 20;
/** Batches the worker may have prepared ahead of the writes: enough to keep both threads busy, few enough to keep memory flat. */
const READ_AHEAD = 2;
const WORKER_HEAP_MB = 128;
const KNOWN_CODES = new Set<string>(['validation', 'not_found', 'conflict', 'unprocessable', 'unsupported_media_type', 'payload_too_large']);

export interface PreparedBatch {
  batch: SourceRow[];
  pure: ReadyRows;
}

/** Whether a customer import of a file this large should prepare its rows in a worker thread. */
export const wantsWorker = (fileSize: number, forced?: boolean): boolean => forced ?? (fileSize >= WORKER_MIN_BYTES && availableParallelism() > 1);

/**
 * The batches of a customer file after row `after`, converted and normalised in a worker thread
 * while the caller writes the previous ones: on two cores that overlaps the CPU-heavy half of an
 * import with its database half. Stops the worker when the caller stops iterating.
 */
export async function* preparedBatches(source: TableSource, after: number, size: number, rules: RowRules): AsyncGenerator<PreparedBatch> {
  const entry = new URL('./prepare-worker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./prepare-worker-entry.mjs', import.meta.url), {
    workerData: { entry, source, after, size, rules } satisfies WorkerInput,
    // The worker holds its modules and a few batches; a tight heap makes it collect garbage early instead of growing resident memory.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const queue: WorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const push = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    push();
  });
  worker.on('error', (error) => {
    failure = error;
    push();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the import's worker thread stopped with code ${code}`);
    push();
  });
  worker.postMessage({ type: 'more', count: READ_AHEAD });
  try {
    for (;;) {
      const message = queue.shift();
      if (message === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'end') return;
      if (message.type === 'error') throw message.code && KNOWN_CODES.has(message.code) ? new AppError(message.code as ErrorCode, { message: message.message }) : new Error(message.message);
      worker.postMessage({ type: 'more', count: 1 });
      const { rows, ready } = unpackBatch(message.packed);
      yield { batch: rows, pure: { ready } };
    }
  } finally {
    await worker.terminate();
  }
}
