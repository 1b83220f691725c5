import { getHeapStatistics } from 'node:v8';
import { expect, it } from 'vitest';
import { collectGarbageOverBudget } from './memory.ts';

const usedMb = () => getHeapStatistics().used_heap_size / 2 ** 20;

it('collects a batch job’s garbage once the heap is over its budget, and leaves a small heap alone', () => {
  // A batch's worth of rows, garbage once the function returns.
  const held = ((): number => {
    const rows: Array<{ n: number; s: string }> = [];
    for (let i = 0; i < 2_500_000; i++) rows.push({ n: i, s: `row ${i}` });
    return usedMb();
  })();
  expect(held).toBeGreaterThan(192);
  collectGarbageOverBudget();
  const after = usedMb();
  expect(after).toBeLessThan(held - 64);
  // Under the budget now: nothing to do, and nothing else was freed or kept.
  collectGarbageOverBudget();
  expect(Math.abs(usedMb() - after)).toBeLessThan(16);
});
