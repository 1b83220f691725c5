import type { Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { getWorkspaceTime } from '../../core/settings/get-workspace-time.ts';
import { updateWorkspaceTime } from '../../core/settings/update-workspace-time.ts';
import { codedField, isAppError, validationError } from '../../domain/errors.ts';
import { formatUtcOffset, parseUtcOffset, type WorkspaceTimePatchInput, type WorkspaceTimeShape } from '../../domain/workspace-time.ts';
import { say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';

interface TimeZoneOptions {
  set?: string;
  json?: boolean;
}

/** What --set asks for: an offset (+08:00, -5, UTC+5:30, 0) or an IANA zone (Europe/Berlin). */
function patchOf(text: string): WorkspaceTimePatchInput {
  const offset = parseUtcOffset(text);
  if (offset !== null) return { utcOffset: offset };
  if (/^[A-Za-z][\w+-]*(\/[\w+-]+)+$/.test(text.trim())) return { timeZone: text.trim() };
  throw validationError([codedField('--set', 'cli.utc_offset', { value: text })]);
}

function describe(io: CliIo, time: WorkspaceTimeShape): string[] {
  const lines = [say(io, 'workspace time zone: {{offset}} ({{minutes}} minutes east of UTC)', { offset: formatUtcOffset(time.utcOffset), minutes: time.utcOffset })];
  if (time.timeZone) lines.push(say(io, 'set from the time zone {{zone}}: days are counted at its offset of that day all year (set it again when the clocks change)', { zone: time.timeZone }));
  if (time.updatedAt === null) lines.push(say(io, 'never set: UTC+8 by default'));
  else if (time.updatedByName) lines.push(say(io, 'last changed {{when}} by {{who}}', { when: time.updatedAt, who: time.updatedByName }));
  else lines.push(say(io, 'last changed {{when}} from the command line', { when: time.updatedAt }));
  return lines;
}

async function timeZone(io: CliIo, options: TimeZoneOptions): Promise<void> {
  const patch = options.set === undefined ? null : patchOf(options.set);
  const time = await withDeps(io, async (deps) => {
    if (patch === null) return getWorkspaceTime(deps);
    try {
      return await updateWorkspaceTime({ ...deps, actor: CONSOLE_ACTOR }, patch);
    } catch (error) {
      // name the flag the user typed rather than the API field
      if (!isAppError(error) || error.code !== 'validation') throw error;
      throw validationError(error.errors.map((e) => ({ ...e, field: '--set' })));
    }
  });
  if (options.json) printJson(io, time);
  else for (const line of describe(io, time)) print(io, line);
}

export function settingsCommand(program: Command, io: CliIo): void {
  const settings = program.command('settings').description('workspace settings');
  settings
    .command('time-zone')
    .description("show the workspace's time zone, or change it with --set (as PATCH /api/v1/settings/time-zone does): where analytics' days and months begin, how import times without a zone are read, the times of exports for people")
    .option('--set <offset|zone>', 'an offset east of UTC such as +08:00, -05:00, +05:30 or UTC, or an IANA time zone such as Europe/Berlin (its offset today is kept)')
    .option('--json', 'print { utcOffset, timeZone, isDefault, updatedAt, updatedBy, updatedByName } as JSON')
    .action((options: TimeZoneOptions) => timeZone(io, options));
}
