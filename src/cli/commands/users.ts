import { Option, type Command } from 'commander';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { isWebAddress, listenAddress, readConfig } from '../../core/config.ts';
import { createResetLinkByEmail } from '../../core/users/create-reset-link.ts';
import { createUser } from '../../core/users/create-user.ts';
import { setUserDisabled } from '../../core/users/disable-user.ts';
import { listUsers } from '../../core/users/list-users.ts';
import { setPassword } from '../../core/users/set-password.ts';
import { teamIdByName } from '../../core/teams/list-teams.ts';
import { userIdByEmail } from '../../core/users/find-user.ts';
import { updateUser } from '../../core/users/update-user.ts';
import { codedError, codedField, validationError } from '../../domain/errors.ts';
import { ROLES, type UserShape } from '../../domain/user.ts';
import { headers, say } from '../cli-words.ts';
import { note, print, printJson, readAll, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

interface AddOptions {
  email: string;
  name: string;
  role: UserShape['role'];
  team?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

const describeUser = (io: CliIo, u: UserShape) => `${u.email} (${u.name}, ${say(io, u.role)}${u.team ? `, ${say(io, 'team {{team}}', { team: u.team })}` : ''})`;

async function addUser(io: CliIo, options: AddOptions): Promise<void> {
  // `echo secret | kehu users add …` ends the password with a newline that is not part of it.
  const password = options.passwordStdin ? (await readAll(io.stdin)).replace(/\r?\n$/, '') : undefined;
  const input = { email: options.email, name: options.name, role: options.role, ...(options.team ? { team: options.team } : {}) };
  // The operator at the console acts for nobody in the database, so created-by stays empty.
  const user = await withDeps(io, (deps) => createUser(deps, password === undefined ? input : { ...input, password }, null, CONSOLE_ACTOR), { mayCreate: true });
  if (options.json) return void printJson(io, user);
  print(io, say(io, 'created user {{id}}: {{user}}', { id: user.id, user: describeUser(io, user) }));
  if (password === undefined) note(io, say(io, 'no password set; give them an API token with: kehu tokens create --user {{email}}', { email: user.email }));
}

async function showUsers(io: CliIo, options: { json?: boolean }): Promise<void> {
  const users = await withDeps(io, listUsers);
  if (options.json) return void printJson(io, { items: users });
  if (users.length === 0) return void print(io, say(io, 'no users yet; add the first admin with: kehu users add --email E --name N --role admin'));
  const rows = users.map((u) => [u.id, u.email, u.name, say(io, u.role), u.team, say(io, u.disabled ? 'yes' : 'no')]);
  for (const line of formatTable(headers(io, ['id', 'email', 'name', 'role', 'team', 'disabled']), rows)) print(io, line);
}

async function disableUser(io: CliIo, options: { email: string; enable?: boolean; json?: boolean }): Promise<void> {
  const user = await withDeps(io, (deps) => setUserDisabled(deps, options.email, !options.enable));
  if (options.json) return void printJson(io, user);
  print(io, user.disabled ? say(io, 'disabled {{email}}: their API tokens stop working now', { email: user.email }) : say(io, 'enabled {{email}}', { email: user.email }));
}

async function changePassword(io: CliIo, options: { email: string; passwordStdin?: boolean }): Promise<void> {
  if (!options.passwordStdin) throw validationError([codedField('--password-stdin', 'cli.password_stdin')]);
  const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  await withDeps(io, (deps) => setPassword(deps, options.email, password));
  print(io, say(io, 'set the password of {{email}}; their sessions were signed out', { email: options.email }));
}

interface SetOptions {
  email: string;
  role?: UserShape['role'];
  team?: string;
  name?: string;
  disableTotp?: boolean;
  json?: boolean;
}

async function setUser(io: CliIo, options: SetOptions): Promise<void> {
  if (options.role === undefined && options.team === undefined && options.name === undefined && !options.disableTotp) {
    throw codedError('validation', 'cli.say_what_to_change');
  }
  const user = await withDeps(io, async (deps) => {
    const id = await userIdByEmail(deps, options.email);
    const teamId = options.team === undefined ? undefined : options.team.trim() === '' ? null : await teamIdByName(deps, options.team);
    const patch = { ...(options.role === undefined ? {} : { role: options.role }), ...(teamId === undefined ? {} : { teamId }), ...(options.name === undefined ? {} : { name: options.name }), ...(options.disableTotp ? { totpEnabled: false } : {}) };
    return updateUser({ ...deps, actor: CONSOLE_ACTOR }, id, patch);
  });
  if (options.json) return void printJson(io, user);
  print(io, say(io, 'updated {{user}}', { user: describeUser(io, user) }));
}

/**
 * Prints a one-time link with which the user sets a new password, at the address people open:
 * `--url`, else KEHU_PUBLIC_URL, else HOST:PORT, and never a wildcard address such as 0.0.0.0.
 */
async function resetLink(io: CliIo, options: { email: string; url?: string; json?: boolean }): Promise<void> {
  const config = readConfig(io.env);
  const given = options.url?.trim().replace(/\/+$/, '');
  if (given !== undefined && !isWebAddress(given)) throw codedError('validation', 'reset_link.bad_url', { value: given });
  const base = given ?? config.publicUrl ?? listenAddress(config.host, config.port);
  if (base === null) throw codedError('validation', 'reset_link.no_address', { host: config.host });
  const link = await withDeps(io, (deps) => createResetLinkByEmail(deps, options.email));
  const url = `${base}${link.path}`;
  if (options.json) return void printJson(io, { email: options.email, url, expiresAt: link.expiresAt });
  print(io, url);
  note(io, say(io, 'give this link to {{email}} yourself: it sets a new password once, until {{until}}; a newer link ends it', { email: options.email, until: link.expiresAt }));
}

export function usersCommand(program: Command, io: CliIo): void {
  const users = program.command('users').description('manage the people who use kehu');
  users
    .command('add')
    .description('add a user (a team named with --team is created if new)')
    .requiredOption('--email <email>', 'e-mail address, unique; used to sign in')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory())
    .option('--team <team>', 'team name (managers see their team)')
    .option('--password-stdin', 'read the password from standard input (at least 10 characters)')
    .option('--json', 'print the created user as JSON')
    .action((options: AddOptions) => addUser(io, options));
  users
    .command('list')
    .description('list all users')
    .option('--json', 'print the users as JSON')
    .action((options: { json?: boolean }) => showUsers(io, options));
  users
    .command('set')
    .description("change a user's role, team or name, or turn off their two-factor sign-in (recorded in the audit log)")
    .requiredOption('--email <email>', 'the user')
    .addOption(new Option('--role <role>', 'the new role').choices(ROLES))
    .option('--team <team>', 'the name of an existing team ("" for no team)')
    .option('--name <name>', 'the new display name')
    .option('--disable-totp', 'turn off their two-factor sign-in (a lost phone); they can enrol again')
    .option('--json', 'print the user as JSON')
    .action((options: SetOptions) => setUser(io, options));
  users
    .command('disable')
    .description('disable a user at once (their tokens stop working), or enable them again')
    .requiredOption('--email <email>', 'the user to disable')
    .option('--enable', 'enable the user again instead')
    .option('--json', 'print the user as JSON')
    .action((options: { email: string; enable?: boolean; json?: boolean }) => disableUser(io, options));
  users
    .command('password')
    .description("set a user's password (read from standard input); their sessions end")
    .requiredOption('--email <email>', 'the user')
    .option('--password-stdin', 'read the password from standard input (at least 10 characters)')
    .action((options: { email: string; passwordStdin?: boolean }) => changePassword(io, options));
  users
    .command('reset-link')
    .description('make a one-time link (24 hours) with which a user who forgot their password sets a new one; recorded in the audit log')
    .requiredOption('--email <email>', 'the user')
    .option('--url <address>', 'where people open kehu, e.g. https://kehu.example.com (default: KEHU_PUBLIC_URL, else http://HOST:PORT)')
    .option('--json', 'print the link as JSON')
    .action((options: { email: string; url?: string; json?: boolean }) => resetLink(io, options));
}
