import { notFound } from '../../domain/errors.ts';
import type { TeamShape } from '../../domain/team.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Deps } from '../context.ts';
import { loadTeam, teamsQuery, toTeam } from './teams.repository.ts';

/** Every team, by name: any signed-in user may read them (team pickers, who manages whom). */
export async function listTeams(deps: Pick<Deps, 'db'>): Promise<TeamShape[]> {
  const rows = await teamsQuery(deps).orderBy('teams.name').orderBy('teams.id').execute();
  return rows.map(toTeam);
}

export async function getTeam(deps: Pick<Deps, 'db'>, id: number): Promise<TeamShape> {
  const team = await loadTeam(deps, id);
  if (!team) throw notFound('team', id);
  return team;
}

/** The id of the team with this name, for console commands. */
export async function teamIdByName(deps: Pick<Deps, 'db'>, name: string): Promise<number> {
  const row = await deps.db.selectFrom('teams').select('id').where('name', '=', normaliseName(name)).executeTakeFirst();
  if (!row) throw notFound('team', name);
  return row.id;
}
