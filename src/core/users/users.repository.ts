import type { UserListItemShape, UserShape } from '../../domain/user.ts';
import type { Deps } from '../context.ts';

const columns = ['users.id', 'email', 'users.name', 'role', 'team_id', 'teams.name as team', 'disabled', 'totp_enabled', 'users.created_at', 'users.updated_at'] as const;

export const usersQuery = (deps: Pick<Deps, 'db'>) =>
  deps.db.selectFrom('users').leftJoin('teams', 'teams.id', 'users.team_id').select(columns);

type UserRowWithTeam = Awaited<ReturnType<ReturnType<typeof usersQuery>['executeTakeFirstOrThrow']>>;

export const toUser = (row: UserRowWithTeam): UserShape => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  teamId: row.team_id,
  team: row.team,
  disabled: Boolean(row.disabled),
  totpEnabled: Boolean(row.totp_enabled),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What a colleague who is not an admin may see of a user. */
export const toUserBrief = (user: UserShape): UserListItemShape => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  teamId: user.teamId,
  team: user.team,
});

export async function loadUser(deps: Pick<Deps, 'db'>, id: number): Promise<UserShape | null> {
  const row = await usersQuery(deps).where('users.id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}
