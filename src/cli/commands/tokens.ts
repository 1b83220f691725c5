import type { Command } from 'commander';
import type { Clock } from '../../core/context.ts';
import { createToken } from '../../core/tokens/create-token.ts';
import { listTokens, revokeToken } from '../../core/tokens/revoke-token.ts';
import { revokeUserTokens } from '../../core/tokens/revoke-user-tokens.ts';
import { userIdByEmail } from '../../core/users/find-user.ts';
import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { headers, say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { withDeps } from '../with-deps.ts';

interface CreateOptions {
  user: string;
  name?: string;
  readOnly?: boolean;
  expires?: string;
  json?: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time without a zone would depend on the server's local time zone, so the zone is required.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `--expires` as an ISO timestamp: a bare date means 00:00 UTC of that day. Never in the past. */
export function parseExpiry(text: string, clock: Clock): string {
  const date = DATE.exec(text);
  let time = Number.NaN;
  if (date) {
    time = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(time).toISOString().slice(0, 10) !== text) time = Number.NaN;
  } else if (TIMESTAMP.test(text)) {
    time = Date.parse(text);
  }
  if (Number.isNaN(time)) throw validationError([codedField('--expires', 'cli.expiry_format', { value: text })]);
  const expiresAt = new Date(time).toISOString();
  if (time <= clock.now().getTime()) throw validationError([codedField('--expires', 'cli.expiry_past', { value: expiresAt })]);
  return expiresAt;
}

async function create(io: CliIo, options: CreateOptions): Promise<void> {
  const created = await withDeps(io, (deps) => {
    const expiresAt = options.expires === undefined ? null : parseExpiry(options.expires, deps.clock);
    const input = { email: options.user, scope: options.readOnly ? ('read' as const) : ('write' as const), expiresAt };
    return createToken(deps, options.name === undefined ? input : { ...input, name: options.name }, null);
  });
  const { token, id, email, scope, expiresAt, name } = created;
  if (options.json) return void printJson(io, { token, id, user: email, name, scope, expiresAt });
  note(io, say(io, 'API token {{id}} "{{name}}" for {{email}} ({{scope}}, {{expiry}}):', { id, name, email, scope: say(io, scope === 'read' ? 'read-only' : 'read and write'), expiry: expiresAt ? say(io, 'expires {{when}}', { when: expiresAt }) : say(io, 'no expiry') }));
  print(io, token);
  note(io, say(io, 'Store it now: it cannot be shown again. Send it as "Authorization: Bearer <token>".'));
}

async function revoke(io: CliIo, idOrToken: string | undefined, options: { json?: boolean; all?: boolean; user?: string }): Promise<void> {
  if (options.all || options.user !== undefined) return revokeAll(io, options);
  if (idOrToken === undefined) throw validationError([codedField('id-or-token', 'cli.token_or_id')]);
  const { id } = await withDeps(io, (deps) => revokeToken(deps, idOrToken.trim()));
  if (options.json) return void printJson(io, { id, revoked: true });
  print(io, say(io, 'revoked token {{id}}: it no longer works', { id }));
}

async function revokeAll(io: CliIo, options: { json?: boolean; all?: boolean; user?: string }): Promise<void> {
  if (!options.all || options.user === undefined) throw validationError([codedField('--all', 'cli.all_with_user')]);
  const email = options.user;
  const { revoked } = await withDeps(io, async (deps) => revokeUserTokens(deps, await userIdByEmail(deps, email), CONSOLE_ACTOR));
  if (options.json) return void printJson(io, { user: email, revoked });
  print(io, revoked.length === 0 ? say(io, '{{email}} has no active token', { email }) : say(io, 'revoked {{n}} token(s) of {{email}} ({{ids}}): they no longer work', { n: revoked.length, email, ids: revoked.join(', ') }));
}

async function list(io: CliIo, options: { json?: boolean }): Promise<void> {
  const { tokens, now } = await withDeps(io, async (deps) => ({ tokens: await listTokens(deps), now: deps.clock.now().getTime() }));
  const items = tokens.map((t) => ({
    ...t,
    status: t.revokedAt ? 'revoked' : t.expiresAt && Date.parse(t.expiresAt) <= now ? 'expired' : 'active',
  }));
  if (options.json) return void printJson(io, { items });
  if (items.length === 0) return void print(io, say(io, 'no API tokens yet; create one with: kehu tokens create --user E'));
  const rows = items.map((t) => [t.id, `${t.prefix}…`, t.name, t.email, say(io, t.scope), say(io, t.status), t.expiresAt ?? say(io, 'never'), t.lastUsedAt ?? say(io, 'never')]);
  for (const line of formatTable(headers(io, ['id', 'token', 'name', 'user', 'scope', 'status', 'expires', 'last used']), rows)) print(io, line);
}

export function tokensCommand(program: Command, io: CliIo): void {
  const tokens = program.command('tokens').description('manage API tokens (sent as "Authorization: Bearer <token>")');
  tokens
    .command('create')
    .description('issue an API token for a user; it is shown once and stored only as a hash')
    .requiredOption('--user <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for, e.g. "erp sync"')
    .option('--read-only', 'the token may read but not change anything')
    .option('--expires <when>', 'expiry: a date YYYY-MM-DD (00:00 UTC) or an ISO 8601 time with a zone')
    .option('--json', 'print { token, id, user, name, scope, expiresAt } as JSON')
    .action((options: CreateOptions) => create(io, options));
  tokens
    .command('revoke')
    .description('revoke a token at once, given its id (see `tokens list`) or the token itself; or all of a user\u2019s with --all --user E')
    .argument('[id-or-token]', 'the token id or the full token')
    .option('--all', 'revoke every active token of the user given with --user')
    .option('--user <email>', 'whose tokens --all revokes')
    .option('--json', 'print the result as JSON')
    .action((idOrToken: string | undefined, options: { json?: boolean; all?: boolean; user?: string }) => revoke(io, idOrToken, options));
  tokens
    .command('list')
    .description('list API tokens (their first characters only; tokens themselves are never stored)')
    .option('--json', 'print the tokens as JSON')
    .action((options: { json?: boolean }) => list(io, options));
}
