import type { SetupStatusShape } from '../../domain/setup.ts';
import type { Deps } from '../context.ts';
import { countUsers } from '../users/list-users.ts';

/** Set-up is needed while the workspace has no user at all. */
export async function setupStatus(deps: Deps): Promise<SetupStatusShape> {
  return { needed: (await countUsers(deps)) === 0 };
}
