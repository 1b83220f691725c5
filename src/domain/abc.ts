export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

/** Revenue shares that end class A and class B (cumulative); C is the rest. */
export const DEFAULT_ABC_SPLIT = { a: 0.8, b: 0.95 } as const;

/**
 * Pareto classes for revenues sorted largest first: a customer is in A while the revenue of
 * those ranked above it is below share `a` of the total (so the one that crosses the line is
 * still A), then B up to `b`, then C. Customers without revenue are C.
 */
export function abcClasses(sortedRevenues: ArrayLike<number>, split: { a: number; b: number }): AbcClass[] {
  let total = 0;
  for (let i = 0; i < sortedRevenues.length; i++) total += sortedRevenues[i] as number;
  const classes: AbcClass[] = new Array(sortedRevenues.length);
  let before = 0;
  for (let i = 0; i < sortedRevenues.length; i++) {
    const revenue = sortedRevenues[i] as number;
    const share = total > 0 ? before / total : 1;
    classes[i] = revenue <= 0 ? 'C' : share < split.a ? 'A' : share < split.b ? 'B' : 'C';
    before += revenue;
  }
  return classes;
}

/**
 * At most `points` + 1 points of the Lorenz-style ABC curve (share of customers → share of
 * revenue), starting at (0, 0); enough for a chart of any number of customers.
 */
export function abcCurve(sortedRevenues: ArrayLike<number>, points = 100): Array<{ customers: number; revenue: number }> {
  const n = sortedRevenues.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sortedRevenues[i] as number;
  const curve = [{ customers: 0, revenue: 0 }];
  if (n === 0 || total <= 0) return curve;
  let cumulative = 0;
  let next = 1;
  for (let i = 0; i < n; i++) {
    cumulative += sortedRevenues[i] as number;
    const customers = (i + 1) / n;
    if (customers * points >= next || i === n - 1) {
      curve.push({ customers: round4(customers), revenue: round4(cumulative / total) });
      next = Math.floor(customers * points) + 1;
    }
  }
  return curve;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
