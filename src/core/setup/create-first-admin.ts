import type { Kysely } from 'kysely';
import { codedError } from '../../domain/errors.ts';
import type { SetupInput } from '../../domain/setup.ts';
import type { UserShape } from '../../domain/user.ts';
import { inTransaction, type Deps } from '../context.ts';
import { createUser } from '../users/create-user.ts';
import { countUsers } from '../users/list-users.ts';

const alreadySetUp = () => codedError('conflict', 'setup.done_already');

/**
 * Creates the administrator of an empty workspace. Refused (409) once any user exists, so the
 * unauthenticated set-up route cannot be used to add a second admin later.
 */
export async function createFirstAdmin(deps: Deps, input: SetupInput): Promise<UserShape> {
  if ((await countUsers(deps)) > 0) throw alreadySetUp();
  return inTransaction(deps, async (tx) => {
    // Two set-ups at once: the audit chain's lock serialises them, so the second sees the first's admin.
    await tx.dialect.lockAuditChain(tx.db as unknown as Kysely<unknown>);
    if ((await countUsers(tx)) > 0) throw alreadySetUp();
    return createUser(tx, { email: input.email, name: input.name, password: input.password, role: 'admin' }, null);
  });
}
