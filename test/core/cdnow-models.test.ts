import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive } from '../../src/domain/bgnbd.ts';
import { expectedSpend, fitGammaGamma } from '../../src/domain/gamma-gamma.ts';
import { dayNumber, summarisePurchases, type DayPurchase, type PurchaseSummary } from '../../src/domain/purchase-summary.ts';

// Fader, Hardie & Lee (2005) on the 2,357-customer CDNOW sample, calibration 1997-01-01 to 1997-09-30.
const fixture = (name: string) => readFileSync(new URL(`../fixtures/cdnow/${name}`, import.meta.url), 'utf8');
const END = dayNumber('1997-09-30');

function cdnowSummaries(): Map<number, PurchaseSummary> {
  const byCustomer = new Map<number, DayPurchase[]>();
  for (const line of fixture('CDNOW_sample.txt').split(/\r?\n/)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length < 5) continue;
    const [, id, date, , dollars] = cells as [string, string, string, string, string];
    const day = dayNumber(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`);
    const list = byCustomer.get(Number(id)) ?? [];
    list.push({ day, amount: Number(dollars) });
    byCustomer.set(Number(id), list);
  }
  const out = new Map<number, PurchaseSummary>();
  for (const [id, purchases] of byCustomer) {
    const summary = summarisePurchases(purchases, END);
    if (summary) out.set(id, summary);
  }
  return out;
}

const published = fixture('cdnow_customers_summary_with_transactions.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number) as [number, number, number, number, number]);

const within = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(relative);

describe('CDNOW: the published BG/NBD and Gamma-Gamma results', () => {
  const summaries = cdnowSummaries();
  const histories = [...summaries.values()];

  it('our summary of the raw purchases is the published one (x repeat days, t_x, T in weeks, mean repeat value)', () => {
    expect(summaries.size).toBe(2357);
    for (const [id, x, tx, T, zbar] of published) {
      const s = summaries.get(id)!;
      expect(s.x).toBe(x);
      // the file rounds to cents and hundredths of a week
      for (const [ours, theirs] of [[s.tx, tx], [s.T, T], [s.zbar, zbar]] as const) expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('BG/NBD: r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4', () => {
    const fit = fitBgNbd(histories)!;
    within(fit.r, 0.243, 0.01);
    within(fit.alpha, 4.414, 0.01);
    within(fit.a, 0.793, 0.01);
    within(fit.b, 2.426, 0.01);
    within(fit.logLikelihood, -9582.4, 0.0001);
    // the published parameters are no better than ours
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(histories, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }));
    expect(fit.customers).toBe(2357);
    expect(fit.converged).toBe(true);
  });

  it('BG/NBD: a customer with x = 2, t_x = 30.43, T = 38.86 makes 1.226 purchases in the next 39 weeks', () => {
    const fit = fitBgNbd(histories)!;
    within(expectedPurchases(fit, { x: 2, tx: 30.43, T: 38.86 }, 39), 1.226, 0.01);
    within(expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, tx: 30.43, T: 38.86 }, 39), 1.226, 0.002);
  });

  it('Gamma-Gamma on the 946 repeat customers: p = 6.25, q = 3.74, γ = 15.44', () => {
    const fit = fitGammaGamma(histories)!;
    expect(fit.customers).toBe(946);
    expect(fit.converged).toBe(true);
    within(fit.p, 6.25, 0.01);
    within(fit.q, 3.74, 0.01);
    within(fit.gamma, 15.44, 0.01);
  });
});

describe('BG/NBD and Gamma-Gamma behave as the model says', () => {
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('a customer with no repeat purchase is alive for sure; a long silence after frequent buying makes P(alive) small', () => {
    expect(probabilityAlive(params, { x: 0, tx: 0, T: 38 })).toBe(1);
    const recent = probabilityAlive(params, { x: 10, tx: 37, T: 38 });
    const silent = probabilityAlive(params, { x: 10, tx: 10, T: 38 });
    expect(recent).toBeGreaterThan(0.9);
    expect(silent).toBeLessThan(0.05);
  });

  it('expected purchases grow with the horizon and are zero for none', () => {
    const h = { x: 3, tx: 20, T: 30 };
    expect(expectedPurchases(params, h, 0)).toBe(0);
    expect(expectedPurchases(params, h, 10)).toBeLessThan(expectedPurchases(params, h, 52));
    // a horizon many times the history still converges
    expect(Number.isFinite(expectedPurchases(params, { x: 1, tx: 0.1, T: 0.2 }, 520))).toBe(true);
  });

  it('expected spend moves from the population mean towards the customer’s own mean as they buy more', () => {
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (6.25 * 15.44) / 2.74;
    expect(expectedSpend(gg, { x: 0, zbar: 0 })).toBeCloseTo(population, 10);
    const few = expectedSpend(gg, { x: 1, zbar: 100 });
    const many = expectedSpend(gg, { x: 50, zbar: 100 });
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
  });

  it('customers who never drop out: a and b run off, the search stops at the bound and says it did not converge', () => {
    // each buys on a steady schedule to the end of the period: the likelihood rises without end as P(drop out) goes to 0
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const steady = Array.from({ length: 5_000 }, () => {
      const T = Math.round((20 + next() * 130) * 7) / 7;
      const gap = 2 + next() * 20;
      let x = -1;
      let tx = 0;
      for (let t = next() * gap; t < T; t += gap * (0.5 + next())) {
        x++;
        tx = x > 0 ? Math.round(t * 7) / 7 : 0;
      }
      return { x: Math.max(0, x), tx, T };
    });
    const fit = fitBgNbd(steady)!;
    expect(fit.converged).toBe(false);
    expect(Math.max(fit.b / fit.a, fit.a / fit.b)).toBeGreaterThan(1e6);
    expect([fit.r, fit.alpha, fit.a, fit.b, fit.logLikelihood].every(Number.isFinite)).toBe(true);
  });

  it('a search cut short by its budget keeps the best point found and says it did not converge', () => {
    const histories = [...cdnowSummaries().values()];
    const full = fitBgNbd(histories)!;
    const short = fitBgNbd(histories, { maxEvaluations: 40 })!;
    expect(short.converged).toBe(false);
    expect(short.logLikelihood).toBeLessThan(full.logLikelihood);
    expect(fitBgNbd(histories, { timeLimitMs: 0 })!.converged).toBe(false);
  });

  it('Gamma-Gamma cut short by its budget keeps the best point found and says it did not converge', () => {
    const histories = [...cdnowSummaries().values()];
    const short = fitGammaGamma(histories, { maxEvaluations: 20 })!;
    expect(short.converged).toBe(false);
    expect(short.logLikelihood).toBeLessThan(fitGammaGamma(histories)!.logLikelihood);
    expect(fitGammaGamma(histories, { timeLimitMs: 0 })!.converged).toBe(false);
  });

  it('no fit without data', () => {
    expect(fitBgNbd([])).toBeNull();
    expect(fitGammaGamma([{ x: 0, zbar: 0 }])).toBeNull();
  });
});
