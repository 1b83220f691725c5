import { CONSOLE_ACTOR } from '../access/console-actor.ts';
import type { UserShape } from '../../domain/user.ts';
import type { Deps } from '../context.ts';
import { userIdByEmail } from './find-user.ts';
import { updateUser } from './update-user.ts';

/** Disables (or re-enables) a user by email from the console: their sessions end and tokens stop working at once. */
export async function setUserDisabled(deps: Deps, emailInput: string, disabled: boolean): Promise<UserShape> {
  return updateUser({ ...deps, actor: CONSOLE_ACTOR }, await userIdByEmail(deps, emailInput), { disabled });
}
