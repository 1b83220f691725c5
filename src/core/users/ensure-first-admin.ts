import type { Deps } from '../context.ts';
import { createUser } from './create-user.ts';
import { countUsers } from './list-users.ts';

export type FirstRun = { state: 'has-users' } | { state: 'created'; email: string } | { state: 'needs-admin' };

/** On an empty database, creates the admin from KEHU_ADMIN_EMAIL/PASSWORD when given. */
export async function ensureFirstAdmin(deps: Deps, admin: { email?: string | undefined; password?: string | undefined }): Promise<FirstRun> {
  if ((await countUsers(deps)) > 0) return { state: 'has-users' };
  if (!admin.email || !admin.password) return { state: 'needs-admin' };
  const user = await createUser(deps, { email: admin.email, name: 'Administrator', role: 'admin', password: admin.password }, null);
  return { state: 'created', email: user.email };
}
