import type { Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { createTeam } from '../../core/teams/create-team.ts';
import { listTeams, teamIdByName } from '../../core/teams/list-teams.ts';
import { userIdByEmail } from '../../core/users/find-user.ts';
import { headers, say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

interface AddOptions {
  name: string;
  parent?: string;
  manager?: string;
  json?: boolean;
}

async function addTeam(io: CliIo, options: AddOptions): Promise<void> {
  const team = await withDeps(io, async (deps) => {
    const parentId = options.parent === undefined ? null : await teamIdByName(deps, options.parent);
    const managerId = options.manager === undefined ? null : await userIdByEmail(deps, options.manager);
    return createTeam({ ...deps, actor: CONSOLE_ACTOR }, { name: options.name, parentId, managerId });
  });
  if (options.json) return void printJson(io, team);
  const details = [team.parent ? say(io, 'below {{team}}', { team: team.parent }) : null, team.manager ? say(io, 'managed by {{email}}', { email: team.manager }) : null].filter(Boolean).join(', ');
  print(io, `${say(io, 'created team {{id}}: {{name}}', { id: team.id, name: team.name })}${details ? ` (${details})` : ''}`);
}

async function showTeams(io: CliIo, options: { json?: boolean }): Promise<void> {
  const teams = await withDeps(io, listTeams);
  if (options.json) return void printJson(io, { items: teams });
  if (teams.length === 0) return void print(io, say(io, 'no teams yet; add one with: kehu teams add --name N'));
  const rows = teams.map((t) => [t.id, t.name, t.parent, t.manager, t.members]);
  for (const line of formatTable(headers(io, ['id', 'name', 'parent', 'manager', 'members']), rows)) print(io, line);
}

export function teamsCommand(program: Command, io: CliIo): void {
  const teams = program.command('teams').description('manage teams: a manager sees the customers of their team and every team below it');
  teams
    .command('add')
    .description('add a team')
    .requiredOption('--name <name>', 'team name, unique')
    .option('--parent <team>', 'the name of the team this one belongs to')
    .option('--manager <email>', 'the e-mail address of the team’s manager')
    .option('--json', 'print the created team as JSON')
    .action((options: AddOptions) => addTeam(io, options));
  teams
    .command('list')
    .description('list all teams with parent, manager and member count')
    .option('--json', 'print the teams as JSON')
    .action((options: { json?: boolean }) => showTeams(io, options));
}
