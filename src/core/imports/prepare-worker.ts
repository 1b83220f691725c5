import { parentPort, workerData } from 'node:worker_threads';
import { openTable, type TableSource } from '../files/open-table.ts';
import { prepareRowsWithoutDatabase, type RowRules } from './customer-rows.ts';
import { batchesOf } from './import-batch.ts';
import { packBatch, type PackedBatch } from './packed-batch.ts';

/**
 * The worker side of preparedBatches: reads the file from just after `after`, prepares each batch
 * with prepareRowsWithoutDatabase and sends it, never more than the credit the main thread gave.
 */
export interface WorkerInput {
  entry: string;
  source: TableSource;
  after: number;
  size: number;
  rules: RowRules;
}

export type WorkerMessage = { type: 'batch'; packed: PackedBatch } | { type: 'end' } | { type: 'error'; message: string; code?: string };

const input = workerData as WorkerInput;
const port = parentPort as NonNullable<typeof parentPort>;
let credit = 0;
let wake: (() => void) | null = null;
port.on('message', (message: { type: 'more'; count: number }) => {
  credit += message.count;
  wake?.();
});

async function run(): Promise<void> {
  const table = await openTable(input.source);
  const customTypes = new Map(input.rules.customTypes);
  for await (const batch of batchesOf(table.rows, input.after, input.size, null)) {
    const pure = prepareRowsWithoutDatabase(batch, input.rules, customTypes);
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    credit--;
    port.postMessage({ type: 'batch', packed: packBatch(batch, pure, table.meta.headers.length) } satisfies WorkerMessage);
  }
  port.postMessage({ type: 'end' } satisfies WorkerMessage);
}

run().catch((error: unknown) => {
  const e = error as { message?: string; code?: string };
  port.postMessage({ type: 'error', message: e.message ?? String(error), ...(typeof e.code === 'string' ? { code: e.code } : {}) } satisfies WorkerMessage);
});
