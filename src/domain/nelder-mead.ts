export interface MinimumFound {
  point: number[];
  value: number;
  /** objective evaluations spent */
  evaluations: number;
  /** stopped by maxEvaluations or the deadline before the simplex closed in */
  exhausted: boolean;
}

export interface NelderMeadOptions {
  /** first simplex edge length in every coordinate */
  step?: number;
  /** stop when the simplex's values differ by less than this (absolute) */
  tolerance?: number;
  maxEvaluations?: number;
  /** fresh simplexes started from the best point until one no longer improves it */
  restarts?: number;
  /** stop at this performance.now() time, keeping the best point so far */
  deadline?: number;
}

const FAILED = Number.POSITIVE_INFINITY;
const finiteOrFail = (value: number): number => (Number.isFinite(value) ? value : FAILED);

/**
 * Minimises `objective` by the Nelder–Mead simplex method (reflection 1, expansion 2,
 * contraction ½, shrink ½). Non-finite values count as +∞, so the search backs away from
 * regions where the objective is undefined. Restarting from the best point guards against the
 * simplex collapsing early, the method's known weakness.
 */
export function nelderMead(objective: (x: number[]) => number, start: number[], options: NelderMeadOptions = {}): MinimumFound {
  const { step = 0.5, tolerance = 1e-10, maxEvaluations = 20_000, restarts = 6, deadline = Number.POSITIVE_INFINITY } = options;
  let evaluations = 0;
  let exhausted = false;
  let checks = 0;
  const mayGoOn = () => {
    // the clock is read every 8th step: a step over a large population is itself milliseconds
    if (evaluations >= maxEvaluations || ((++checks & 7) === 0 && performance.now() > deadline)) exhausted = true;
    return !exhausted;
  };
  const f = (x: number[]) => {
    evaluations++;
    return finiteOrFail(objective(x));
  };
  let best = { point: start, value: f(start) };
  for (let round = 0; round <= restarts && mayGoOn(); round++) {
    const found = simplexSearch(f, best.point, step, tolerance, mayGoOn);
    const improved = best.value - found.value > tolerance;
    if (found.value <= best.value) best = found;
    if (!improved && round > 0) break;
  }
  return { ...best, evaluations, exhausted };
}

interface Vertex {
  point: number[];
  value: number;
}

function simplexSearch(f: (x: number[]) => number, start: number[], step: number, tolerance: number, mayGoOn: () => boolean): Vertex {
  const n = start.length;
  const simplex: Vertex[] = [{ point: start, value: f(start) }];
  for (let i = 0; i < n; i++) {
    const point = [...start];
    point[i] = (point[i] as number) + step;
    simplex.push({ point, value: f(point) });
  }
  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * ((to[i] as number) - v));
  while (mayGoOn()) {
    simplex.sort((a, b) => a.value - b.value);
    const bestV = simplex[0] as Vertex;
    const worst = simplex[n] as Vertex;
    if (Math.abs(worst.value - bestV.value) <= tolerance && Number.isFinite(worst.value)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (simplex[i] as Vertex).point[j]! / n;
    const reflected = along(centroid, worst.point, -1);
    const fr = f(reflected);
    const secondWorst = (simplex[n - 1] as Vertex).value;
    if (fr < bestV.value) {
      const expanded = along(centroid, worst.point, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { point: expanded, value: fe } : { point: reflected, value: fr };
    } else if (fr < secondWorst) {
      simplex[n] = { point: reflected, value: fr };
    } else {
      const outside = fr < worst.value;
      const contracted = along(centroid, outside ? reflected : worst.point, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : worst.value)) {
        simplex[n] = { point: contracted, value: fc };
      } else {
        for (let i = 1; i <= n; i++) {
          const point = along(bestV.point, (simplex[i] as Vertex).point, 0.5);
          simplex[i] = { point, value: f(point) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0] as Vertex;
}
