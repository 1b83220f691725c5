import { fitBgNbd } from '../src/domain/bgnbd.ts';
import { fitGammaGamma } from '../src/domain/gamma-gamma.ts';
import type { PurchaseSummary } from '../src/domain/purchase-summary.ts';
import { barred, fmt, info, type Measure } from './table.ts';

const CUSTOMERS = 100_000;

/** A seeded generator, so every run fits the same customers. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * Purchase histories drawn from the BG/NBD story itself, in whole days over 20–78 weeks:
 * each customer buys at their own rate until they drop out after a purchase.
 */
export function simulatedHistories(count: number): PurchaseSummary[] {
  const next = random(42);
  const exponential = () => -Math.log(next() + 1e-12);
  const histories: PurchaseSummary[] = [];
  for (let i = 0; i < count; i++) {
    const T = Math.round((20 + next() * 58) * 7) / 7;
    const rate = (exponential() + exponential()) / 8 + 1e-6;
    const dropout = 0.2 + next() * 0.3;
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t = Math.round((t + exponential() / rate) * 7) / 7;
      if (t > T) break;
      x++;
      tx = t;
      if (next() < dropout) break;
    }
    histories.push({ x, tx, T, zbar: x > 0 ? 10 + next() * 50 : 0 });
  }
  return histories;
}

/** h. BG/NBD and Gamma-Gamma fitted on 100,000 customers (the bar in issue 14: under 10 s). */
export function modelFitBench(record: (row: Measure) => void): void {
  const histories = simulatedHistories(CUSTOMERS);
  const start = performance.now();
  const bg = fitBgNbd(histories);
  const bgSeconds = (performance.now() - start) / 1000;
  const gg = fitGammaGamma(histories);
  const total = (performance.now() - start) / 1000;
  const fitted = bg ? `r ${fmt(bg.r, 3)}, α ${fmt(bg.alpha, 2)}, a ${fmt(bg.a, 2)}, b ${fmt(bg.b, 2)}` : 'no fit';
  record(info(`BG/NBD fit alone (${fitted}) (s)`, fmt(bgSeconds, 2)));
  record(barred(`BG/NBD + Gamma-Gamma fit, ${fmt(CUSTOMERS)} customers (s)`, fmt(total, 2), '< 10', total < 10 && bg !== null && gg !== null));
}
