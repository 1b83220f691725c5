import { nelderMead } from './nelder-mead.ts';
import type { PurchaseSummary } from './purchase-summary.ts';
import { hyp2f1, lnGamma, logSumExp } from './special-functions.ts';

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while
 * alive a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b). Time in weeks.
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  /** customers the fit read */
  customers: number;
  /** false when the search stopped on its budget or a parameter reached its bound: the parameters are the best found, not a proven maximum */
  converged: boolean;
}

export interface BgNbdFitOptions {
  /** objective evaluations the search may spend */
  maxEvaluations?: number;
  /** milliseconds the search may take */
  timeLimitMs?: number;
}

/**
 * Each parameter, with time rescaled, stays within e^±LN_BOUND: where the likelihood rises
 * without end (a and b off to infinity when everyone drops out alike) the search stops at the
 * bound instead of following the ridge for minutes.
 */
const LN_BOUND = Math.log(1e5);

type History = Pick<PurchaseSummary, 'x' | 'tx' | 'T'>;

interface Group extends History {
  count: number;
}

/** Identical histories once, with a count: days make many ties, and the fit then runs on far fewer rows. */
function groupHistories(histories: readonly History[]): Group[] {
  const groups = new Map<string, Group>();
  for (const h of histories) {
    const key = `${h.x}|${h.tx}|${h.T}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { x: h.x, tx: h.tx, T: h.T, count: 1 });
  }
  return [...groups.values()];
}

/** Σ count × ln L(r, α, a, b | x, tx, T) over the groups. */
function totalLogLikelihood(groups: readonly Group[], { r, alpha, a, b }: BgNbdParams): number {
  const lnRx = new Map<number, number>();
  const perX = (x: number) => {
    let v = lnRx.get(x);
    if (v === undefined) {
      v = lnGamma(r + x) - lnGamma(r) + lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
      lnRx.set(x, v);
    }
    return v;
  };
  const rLnAlpha = r * Math.log(alpha);
  const lnA = Math.log(a);
  let total = 0;
  for (const g of groups) {
    const a3 = -(r + g.x) * Math.log(alpha + g.T);
    const a4 = g.x > 0 ? lnA - Math.log(b + g.x - 1) - (r + g.x) * Math.log(alpha + g.tx) : -Infinity;
    total += g.count * (perX(g.x) + rLnAlpha + logSumExp(a3, a4));
  }
  return total;
}

/** The log-likelihood of the histories under the given parameters. */
export const bgNbdLogLikelihood = (histories: readonly History[], params: BgNbdParams): number => totalLogLikelihood(groupHistories(histories), params);

/**
 * Maximum-likelihood fit of the BG/NBD parameters. Searches log-parameters (so all stay
 * positive, each within its bound) with time rescaled so the longest history is 10 units, which
 * keeps α near 1 and the simplex well-shaped; α is scaled back afterwards. The search has an
 * evaluation and time budget; `converged` says whether it closed in before both and off the
 * bounds. Null with fewer than two customers.
 */
export function fitBgNbd(histories: readonly History[], options: BgNbdFitOptions = {}): BgNbdFit | null {
  if (histories.length < 2) return null;
  const { maxEvaluations = 4_000, timeLimitMs = 8_000 } = options;
  const maxT = histories.reduce((m, h) => Math.max(m, h.T), 0);
  const scale = maxT > 0 ? 10 / maxT : 1;
  const groups = groupHistories(histories).map((g) => ({ ...g, tx: g.tx * scale, T: g.T * scale }));
  const params = (v: number[]): BgNbdParams => ({ r: Math.exp(v[0] as number), alpha: Math.exp(v[1] as number), a: Math.exp(v[2] as number), b: Math.exp(v[3] as number) });
  const inBounds = (v: number[]) => v.every((x) => Math.abs(x) <= LN_BOUND);
  // the mean per customer, so the tolerance is relative: on the total it would ask for digits a double lacks at 100,000 customers
  const found = nelderMead((v) => (inBounds(v) ? -totalLogLikelihood(groups, params(v)) / histories.length : Number.POSITIVE_INFINITY), [0, 0, 0, 0], {
    tolerance: 1e-9,
    maxEvaluations,
    deadline: performance.now() + timeLimitMs,
  });
  const scaled = params(found.point);
  const fitted = { ...scaled, alpha: scaled.alpha / scale };
  const logLikelihood = bgNbdLogLikelihood(histories, fitted);
  // with no repeat purchases at all the likelihood has no maximum: the parameters run off to the edge
  const sane = [fitted.r, fitted.alpha, fitted.a, fitted.b, logLikelihood].every(Number.isFinite) && [fitted.r, fitted.alpha, fitted.a, fitted.b].every((p) => p > 1e-8 && p < 1e8);
  // the ridge is so flat near the bound that the simplex closes in short of it: within a factor of 10 counts
  const atBound = found.point.some((x) => Math.abs(x) > LN_BOUND - Math.LN10);
  return sane ? { ...fitted, logLikelihood, customers: histories.length, converged: !found.exhausted && !atBound } : null;
}

/** The probability that a customer with this history has not dropped out by the end of it. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: History): number {
  if (x === 0) return 1;
  const ratio = (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + (a / (b + x - 1)) * Math.exp(ratio));
}

/** How many purchases a customer with this history is expected to make in the next `t` weeks. */
export function expectedPurchases({ r, alpha, a: fittedA, b }: BgNbdParams, { x, tx, T }: History, t: number): number {
  if (t <= 0) return 0;
  // the formula divides by a − 1; its limit at a = 1 is the value just beside it
  const a = Math.abs(fittedA - 1) < 1e-9 ? 1 + 1e-9 : fittedA;
  const z = t / (alpha + T + t);
  const tail = Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - tail);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 0);
  return numerator / denominator;
}
