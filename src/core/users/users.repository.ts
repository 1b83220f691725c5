import type { UserShape } from '../../domain/user.ts';
import type { Deps } from '../context.ts';

const columns = ['users.id', 'email', 'users.name', 'role', 'team_id', 'teams.name as team', 'disabled', 'users.created_at', 'users.updated_at'] as const;

export const usersQuery = (deps: Deps) =>
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
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
