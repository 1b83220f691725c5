import { DEFAULT_ANALYTICS_UTC_OFFSET } from '../../domain/order-stats.ts';
import type { WorkspaceTimeShape } from '../../domain/workspace-time.ts';
import { workspaceTimeFrom } from '../../domain/workspace-time.ts';
import type { Deps } from '../context.ts';
import { readSetting } from './settings.repository.ts';

/** The workspace's time (where its days begin), who set it and when; anyone signed in may read it. */
export async function getWorkspaceTime(deps: Pick<Deps, 'db' | 'dialect'>): Promise<WorkspaceTimeShape> {
  const stored = await readSetting(deps, 'analytics');
  const value = workspaceTimeFrom(stored?.value);
  const by = stored?.updatedBy == null ? undefined : await deps.db.selectFrom('users').select('name').where('id', '=', stored.updatedBy).executeTakeFirst();
  return {
    ...value,
    isDefault: !stored && value.utcOffset === DEFAULT_ANALYTICS_UTC_OFFSET,
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedBy ?? null,
    updatedByName: by?.name ?? null,
  };
}
