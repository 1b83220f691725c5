import type { AbcClass } from '../../domain/abc.ts';
import type { AbcApplyInput, AbcApplyResultShape } from '../../domain/analytics.ts';
import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { writableCustomers } from '../customers/customers.policy.ts';
import { updateCustomer } from '../customers/update-customer.ts';
import { abcSplit, rankAbc } from './abc-report.ts';
import { prepareAnalysis } from './prepare-analysis.ts';

const CHUNK = 2_000;

/**
 * Writes each customer's ABC class into its `level` (A, B or C), through the customer update
 * (so each change is versioned and in the audit log). Only customers the actor may change and
 * whose level differs are written; those without revenue become C.
 */
export async function applyAbcLevels(ctx: Ctx, input: AbcApplyInput): Promise<AbcApplyResultShape> {
  assertCanWrite(ctx.actor);
  const split = abcSplit(input);
  const analysis = await prepareAnalysis(ctx, input);
  const classOf = new Map<number, AbcClass>((await rankAbc(ctx, analysis, split)).map((r) => [r.customerId, r.class]));
  const everyone = await ctx.db.selectFrom('customers').where(analysis.population).select(['customers.id', 'customers.level']).orderBy('customers.id').execute();
  const writable = new Set<number>();
  for (let i = 0; i < everyone.length; i += CHUNK) {
    const ids = everyone.slice(i, i + CHUNK).map((c) => Number(c.id));
    const rows = await ctx.db.selectFrom('customers').where(writableCustomers(ctx.actor)).where('customers.id', 'in', ids).select('customers.id').execute();
    for (const r of rows) writable.add(Number(r.id));
  }
  let changed = 0;
  let unchanged = 0;
  let notWritable = 0;
  for (const c of everyone) {
    const id = Number(c.id);
    const level = classOf.get(id) ?? 'C';
    if (c.level === level) unchanged++;
    else if (!writable.has(id)) notWritable++;
    else {
      changed++;
      if (!input.dryRun) await updateCustomer(ctx, id, { level });
    }
  }
  return { dryRun: input.dryRun === true, changed, unchanged, notWritable };
}
