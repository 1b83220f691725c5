import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Long batch jobs (a million-row import) allocate fast and keep little: V8 then lets the heap
 * grow to four or five times what is live before it collects (a million-row import had ~60 MB
 * live and ~300 MB of heap), and that garbage was most of the process's resident memory. A job
 * calls this between batches: once the heap has grown past the budget, a full collection brings
 * it back to what is live, and the budget follows what stays live.
 */
const MIN_BUDGET_BYTES = 192 * 2 ** 20;
let budget = MIN_BUDGET_BYTES;
let collect: (() => void) | undefined;

export function collectGarbageOverBudget(): void {
  if (getHeapStatistics().used_heap_size < budget) return;
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  budget = Math.max(MIN_BUDGET_BYTES, getHeapStatistics().used_heap_size * 1.5);
}
