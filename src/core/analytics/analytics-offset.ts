import { workspaceTimeFrom, type WorkspaceTimeValue } from '../../domain/workspace-time.ts';
import type { Deps } from '../context.ts';
import { readSetting } from '../settings/settings.repository.ts';

/** The workspace's time as stored (the `analytics` setting), UTC+8 when never set. */
export async function workspaceTimeValue(deps: Pick<Deps, 'db' | 'dialect'>): Promise<WorkspaceTimeValue> {
  return workspaceTimeFrom((await readSetting(deps, 'analytics'))?.value);
}

/** Minutes east of UTC where analytics' days and months begin (the workspace's `analytics` setting). */
export async function analyticsUtcOffset(deps: Pick<Deps, 'db' | 'dialect'>): Promise<number> {
  return (await workspaceTimeValue(deps)).utcOffset;
}
