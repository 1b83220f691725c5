// Lanczos coefficients (g = 7, n = 9): lnΓ to about 15 significant digits for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b), the log of the beta function. */
export const lnBeta = (a: number, b: number): number => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** ln(e^a + e^b) without overflow. */
export function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}

const MAX_SERIES_TERMS = 1_000_000;

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed
 * until a term no longer changes the sum. Terms shrink like zⁿ, so z close to 1 costs more terms.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) return Number.NaN;
  const positive = a > 0 && b > 0 && c > 0;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (Math.abs(term) > 1e-16 * Math.abs(sum)) continue;
    if (!positive) {
      if (n > a + b) return sum;
      continue;
    }
    // Every later term ratio is at most z·max(1, (a+m)/(m+1))·max(1, (b+m)/(c+m)) at m = n + 1 (each
    // factor moves monotonically towards 1), so the rest of the series is at most term·ρ/(1 − ρ).
    const m = n + 1;
    const rho = z * Math.max(1, (a + m) / (m + 1)) * Math.max(1, (b + m) / (c + m));
    if (rho < 1 && Math.abs(term) * (rho / (1 - rho)) <= 1e-16 * Math.abs(sum)) return sum;
  }
  return sum;
}
