import type { Actor, Deps } from '../context.ts';
import { createUser } from '../users/create-user.ts';

export const DEMO_ADMIN_EMAIL = 'demo-admin@demo.kehu';
export const DEMO_TEAM = '销售一部';

const DEMO_USERS = [
  { email: 'manager@demo.kehu', name: '周明', role: 'manager' },
  { email: 'rep1@demo.kehu', name: '李娜', role: 'sales' },
  { email: 'rep2@demo.kehu', name: '陈刚', role: 'sales' },
  { email: 'rep3@demo.kehu', name: 'Emily Carter', role: 'sales' },
] as const;

export interface DemoTeam {
  /** the first admin, or the demo admin it created: who the seed acts as unless told otherwise */
  actor: Actor;
  /** that admin's id: the owner of the demo's work on pool customers */
  adminId: number;
  createdAdmin: string | null;
  createdUsers: string[];
  /** active demo users who will own customers; the manager first */
  ownerIds: number[];
}

async function findUser(deps: Deps, email: string) {
  return deps.db.selectFrom('users').select(['id', 'role', 'team_id', 'disabled']).where('email', '=', email).executeTakeFirst();
}

async function ensureActor(deps: Deps): Promise<{ actor: Actor; createdAdmin: string | null }> {
  const admin = await deps.db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .orderBy('id')
    .executeTakeFirst();
  if (admin) return { actor: { userId: admin.id, role: 'admin', teamId: admin.team_id, canWrite: true }, createdAdmin: null };
  const created = await createUser(deps, { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', role: 'admin' }, null);
  return { actor: { userId: created.id, role: 'admin', teamId: created.teamId, canWrite: true }, createdAdmin: created.email };
}

/** The actor, and a manager with three sales reps (created when missing, without passwords). */
export async function ensureDemoTeam(deps: Deps): Promise<DemoTeam> {
  const { actor, createdAdmin } = await ensureActor(deps);
  const createdUsers: string[] = [];
  const ownerIds: number[] = [];
  for (const spec of DEMO_USERS) {
    const existing = await findUser(deps, spec.email);
    if (existing?.disabled) continue;
    if (existing) {
      ownerIds.push(existing.id);
      continue;
    }
    const user = await createUser(deps, { ...spec, team: DEMO_TEAM }, actor.userId);
    createdUsers.push(user.email);
    ownerIds.push(user.id);
  }
  return { actor, adminId: actor.userId as number, createdAdmin, createdUsers, ownerIds };
}
