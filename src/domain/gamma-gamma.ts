import { nelderMead } from './nelder-mead.ts';
import { lnGamma } from './special-functions.ts';

/**
 * The Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value"): each purchase's value ~ Gamma(p, ν), ν ~ Gamma(q, γ) across customers. Fitted on
 * customers with at least one repeat purchase, from `x` repeat purchases of mean value `zbar`.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  customers: number;
  /** false when the search stopped on its budget or a parameter ran off (see fitBgNbd) */
  converged: boolean;
}

/** Past e^±LN_RUNAWAY (rescaled values) a parameter has run off: q and γ grow together without end when customers' spends differ no more than single purchases do. */
const LN_RUNAWAY = Math.log(1e6);

type Spend = { x: number; zbar: number };

const usable = (s: Spend) => s.x > 0 && s.zbar > 0;

/** Σ ln f(zbar | p, q, γ, x) over the customers with repeat purchases of positive value. */
export function gammaGammaLogLikelihood(spends: readonly Spend[], { p, q, gamma }: GammaGammaParams): number {
  const base = q * Math.log(gamma) - lnGamma(q);
  let total = 0;
  for (const s of spends) {
    if (!usable(s)) continue;
    const px = p * s.x;
    total += lnGamma(px + q) - lnGamma(px) + base + (px - 1) * Math.log(s.zbar) + px * Math.log(s.x) - (px + q) * Math.log(gamma + s.x * s.zbar);
  }
  return total;
}

/** Customers' spends reduced to what the likelihood needs per evaluation: the terms that depend on x alone, summed once. */
interface Prepared {
  count: number;
  /** distinct x with how many customers have it */
  perX: Array<{ x: number; n: number }>;
  /** Σ ln zbar and Σ x (ln zbar + ln x): the terms linear in p */
  sumLnZbar: number;
  sumXLnXZbar: number;
  /** each distinct (x, zbar) once, with its count, for the one term that needs γ */
  pairs: { x: Float64Array; xz: Float64Array; n: Float64Array };
}

function prepare(data: readonly Spend[]): Prepared {
  const perX = new Map<number, number>();
  const pairs = new Map<string, { x: number; xz: number; n: number }>();
  let sumLnZbar = 0;
  let sumXLnXZbar = 0;
  for (const s of data) {
    perX.set(s.x, (perX.get(s.x) ?? 0) + 1);
    const lnZ = Math.log(s.zbar);
    sumLnZbar += lnZ;
    sumXLnXZbar += s.x * (lnZ + Math.log(s.x));
    const key = `${s.x}|${s.zbar}`;
    const pair = pairs.get(key);
    if (pair) pair.n++;
    else pairs.set(key, { x: s.x, xz: s.x * s.zbar, n: 1 });
  }
  const list = [...pairs.values()];
  return {
    count: data.length,
    perX: [...perX].map(([x, n]) => ({ x, n })),
    sumLnZbar,
    sumXLnXZbar,
    pairs: { x: Float64Array.from(list, (l) => l.x), xz: Float64Array.from(list, (l) => l.xz), n: Float64Array.from(list, (l) => l.n) },
  };
}

/** gammaGammaLogLikelihood over prepared spends: the same sum, its lnΓ terms once per distinct x. */
function preparedLogLikelihood(d: Prepared, { p, q, gamma }: GammaGammaParams): number {
  let total = d.count * (q * Math.log(gamma) - lnGamma(q)) + p * d.sumXLnXZbar - d.sumLnZbar;
  for (const { x, n } of d.perX) total += n * (lnGamma(p * x + q) - lnGamma(p * x));
  const { x, xz, n } = d.pairs;
  for (let i = 0; i < x.length; i++) total -= (n[i] as number) * (p * (x[i] as number) + q) * Math.log(gamma + (xz[i] as number));
  return total;
}

/**
 * Maximum-likelihood fit on log-parameters, with values rescaled to a mean of 10 (γ is in
 * money units and would otherwise start far from 1). Null with fewer than two usable customers.
 */
export function fitGammaGamma(spends: readonly Spend[], options: { maxEvaluations?: number; timeLimitMs?: number } = {}): GammaGammaFit | null {
  const { maxEvaluations = 4_000, timeLimitMs = 8_000 } = options;
  const data = spends.filter(usable);
  if (data.length < 2) return null;
  const mean = data.reduce((sum, s) => sum + s.zbar, 0) / data.length;
  const scale = 10 / mean;
  const prepared = prepare(data.map((s) => ({ x: s.x, zbar: s.zbar * scale })));
  const params = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0] as number), q: Math.exp(v[1] as number), gamma: Math.exp(v[2] as number) });
  // the mean per customer, so the tolerance is relative (see fitBgNbd)
  // unbounded: a bound made the simplex crawl along it (8 s against 3.5 s on the 1M bench's data); a run-off is reported instead
  const found = nelderMead((v) => -preparedLogLikelihood(prepared, params(v)) / prepared.count, [0, 0, 0], {
    tolerance: 1e-10,
    maxEvaluations,
    deadline: performance.now() + timeLimitMs,
  });
  const fitted = params(found.point);
  const result = { ...fitted, gamma: fitted.gamma / scale };
  const ranOff = found.point.some((x) => Math.abs(x) > LN_RUNAWAY);
  return { ...result, logLikelihood: gammaGammaLogLikelihood(data, result), customers: data.length, converged: !found.exhausted && !ranOff };
}

/**
 * The expected value of a customer's future purchases given their past ones: a weighted mean of
 * the population mean pγ/(q − 1) and their own mean, their own counting more the more they bought.
 * Without repeat purchases it is the population mean. Infinite mean (q ≤ 1) gives NaN.
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, { x, zbar }: Spend): number {
  if (q <= 1) return Number.NaN;
  const populationMean = (p * gamma) / (q - 1);
  if (!usable({ x, zbar })) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * zbar;
}
