import type { InteractionCreateInput } from '../../domain/interaction.ts';
import type { Ctx } from '../context.ts';
import { createInteraction } from '../interactions/create-interaction.ts';
import { createTask } from '../tasks/create-task.ts';
import { updateTask } from '../tasks/update-task.ts';
import { at, between, daysAfter, earliest, latest, type DemoAccount } from './demo-account.ts';
import { INTERACTION_TEXT, TASK_TITLES } from './demo-catalogue.ts';
import type { Stage } from './demo-customers.ts';
import type { DemoDeal } from './demo-deals.ts';
import type { Random } from './random.ts';

type InteractionType = InteractionCreateInput['type'];

const TYPES = { call: 5, email: 4, wechat: 3, meeting: 2, visit: 2, note: 2, support: 1 } as const;
const COUNTS: Record<Stage, [number, number]> = { lead: [1, 2], prospect: [2, 5], customer: [3, 8], churned: [2, 4], lost: [1, 3] };

function shape(rng: Random, type: InteractionType): Pick<InteractionCreateInput, 'direction' | 'durationSeconds'> {
  switch (type) {
    case 'call':
      return { direction: rng.chance(0.4) ? 'inbound' : 'outbound', durationSeconds: rng.int(60, 1800) };
    case 'email':
    case 'wechat':
      return { direction: rng.chance(0.4) ? 'inbound' : 'outbound' };
    case 'meeting':
      return { durationSeconds: rng.int(2, 6) * 900 };
    case 'visit':
      return { direction: 'outbound', durationSeconds: rng.int(4, 12) * 900 };
    case 'support':
      return { direction: 'inbound' };
    default:
      return {};
  }
}

/** A timeline of calls, e-mails, WeChat messages, meetings, visits, notes and support requests. */
export async function seedInteractions(ctx: Ctx, rng: Random, account: DemoAccount, deals: DemoDeal[]): Promise<number> {
  const { plan } = account;
  const now = ctx.clock.now();
  const until = plan.input.stage === 'churned' ? latest(plan.createdAt, daysAfter(now, -200)) : now;
  const [min, max] = COUNTS[plan.input.stage];
  const count = rng.int(min, max);
  for (let i = 0; i < count; i++) {
    const type = rng.weighted(TYPES);
    const [subject, body] = rng.pick(INTERACTION_TEXT[type][plan.place.isChinese ? 'zh' : 'en']);
    const occurredAt = between(rng, plan.createdAt, until);
    const contactId = account.contactIds.length > 0 && rng.chance(0.8) ? rng.pick(account.contactIds) : undefined;
    const dealId = deals.length > 0 && rng.chance(0.3) ? rng.pick(deals).id : undefined;
    await createInteraction(at(ctx, occurredAt), {
      customerId: account.customerId,
      type,
      occurredAt: occurredAt.toISOString(),
      subject,
      body,
      ...shape(rng, type),
      ...(contactId === undefined ? {} : { contactId }),
      ...(dealId === undefined ? {} : { dealId }),
    });
  }
  return count;
}

interface TaskSpec {
  title: string;
  due: Date;
  dealId?: number;
}

/** Follow-ups for open deals and other to-dos: some done, some overdue, some coming up. */
export async function seedTasks(ctx: Ctx, rng: Random, account: DemoAccount, deals: DemoDeal[]): Promise<number> {
  const now = ctx.clock.now();
  const titles = account.plan.place.isChinese ? TASK_TITLES.zh : TASK_TITLES.en;
  const specs: TaskSpec[] = deals
    .filter((d) => d.status === 'open')
    .map((d) => ({ title: titles[0], due: daysAfter(now, rng.int(-10, 20)), dealId: d.id }));
  if (account.plan.input.stage !== 'lost' && rng.chance(0.35)) specs.push({ title: rng.pick(titles), due: daysAfter(now, rng.int(-20, 30)) });
  for (const spec of specs) {
    const createdAt = latest(account.plan.createdAt, earliest(daysAfter(spec.due, -rng.int(3, 14)), now));
    const task = await createTask(at(ctx, createdAt), {
      title: spec.title,
      dueAt: spec.due.toISOString(),
      priority: rng.weighted({ low: 2, normal: 5, high: 2 }),
      assigneeId: account.workerId,
      customerId: account.customerId,
      ...(spec.dealId === undefined ? {} : { dealId: spec.dealId }),
    });
    const isDone = spec.due < now ? rng.chance(0.6) : rng.chance(0.1);
    if (isDone) await updateTask(at(ctx, between(rng, createdAt, earliest(spec.due, now))), task.id, { done: true });
  }
  return specs.length;
}
