import { codedError } from '../../domain/errors.ts';
import type { DemoLoadedShape } from '../../domain/setup.ts';
import type { Ctx } from '../context.ts';
import { seedDemo } from '../seed/seed-demo.ts';

/** Fills an empty workspace with the demo data (admins only; 409 when customers exist). */
export async function loadDemo(ctx: Ctx): Promise<DemoLoadedShape> {
  if (ctx.actor.role !== 'admin' || !ctx.actor.canWrite) throw codedError('forbidden', 'demo.admin_only');
  const { customers, contacts, deals, orders, interactions, tasks } = await seedDemo(ctx, { actor: ctx.actor });
  return { customers, contacts, deals, orders, interactions, tasks };
}
