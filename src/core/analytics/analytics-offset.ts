import { DEFAULT_ANALYTICS_UTC_OFFSET } from '../../domain/order-stats.ts';
import type { Deps } from '../context.ts';
import { readSetting } from '../settings/settings.repository.ts';

/** Minutes east of UTC where analytics' days and months begin (the workspace's `analytics` setting). */
export async function analyticsUtcOffset(deps: Pick<Deps, 'db' | 'dialect'>): Promise<number> {
  const stored = (await readSetting(deps, 'analytics'))?.value as { utcOffset?: unknown } | undefined;
  const offset = stored?.utcOffset;
  return typeof offset === 'number' && Number.isInteger(offset) && offset >= -720 && offset <= 840 ? offset : DEFAULT_ANALYTICS_UTC_OFFSET;
}
