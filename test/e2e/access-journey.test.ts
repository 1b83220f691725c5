import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../support/databases.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON responses, checked by the assertions
type Json = any;

const bin = new URL('../../bin/kehu.js', import.meta.url).pathname;
const PASSWORD = 'correct horse battery staple';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** A person signed in through the login form: session cookie plus the CSRF token for writes. */
interface Person {
  call(method: string, path: string, body?: unknown): Promise<Response>;
}

// Issue 3 "done when", as a new company would try it: real processes, people signing in with
// passwords, a team with a manager and two reps, the admin handing a customer over, and the audit
// log verified before and after someone edits it by hand.
forEachDialect('access journey', (db) => {
  let server: ChildProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  const kehu = (args: string[], input?: string) => spawnSync('node', [bin, ...args], { env, input, encoding: 'utf8' });

  const signIn = async (email: string): Promise<Person> => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await res.json()) as Json;
    return {
      call: (method, path, body) =>
        fetch(`${base}${path}`, {
          method,
          headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }),
    };
  };
  const json = async (response: Promise<Response>): Promise<Json> => {
    const res = await response;
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };
  const names = (page: Json) => page.items.map((c: { name: string }) => c.name).sort();

  let admin: Person;
  let manager: Person;
  let li: Person;
  let wang: Person;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const port = await freePort();
    env = { ...process.env, PORT: String(port), ...(db().url ? { DATABASE_URL: db().url } : { KEHU_DATA_DIR: db().dataDir }) };
    const added = kehu(['users', 'add', '--email', 'admin@example.com', '--name', 'Admin', '--role', 'admin', '--password-stdin'], `${PASSWORD}\n`);
    expect(added.status, added.stderr).toBe(0);
    server = spawn('node', [bin, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    base = `http://127.0.0.1:${port}`;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      server.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('serving http')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${log}`)));
    });
    admin = await signIn('admin@example.com');
  }, 60_000);

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('the admin sets up a team with a manager and two reps', async () => {
    const team = await json(admin.call('POST', '/api/v1/teams', { name: '华东销售' }));
    for (const [key, name, role] of [['manager', '周经理', 'manager'], ['li', '李娜', 'sales'], ['wang', '王强', 'sales']] as const) {
      const user = await json(admin.call('POST', '/api/v1/users', { email: `${key}@example.com`, name, role, teamId: team.id, password: PASSWORD }));
      ids[key] = user.id;
    }
    await json(admin.call('PATCH', `/api/v1/teams/${team.id}`, { managerId: ids.manager }));
    [manager, li, wang] = (await Promise.all(['manager', 'li', 'wang'].map((k) => signIn(`${k}@example.com`)))) as [Person, Person, Person];
  });

  it('each rep adds customers and sees only their own in lists, search and caller ID', async () => {
    const liCustomer = await json(li.call('POST', '/api/v1/customers', { kind: 'person', name: '张伟', phones: [{ value: '138 1234 5678' }] }));
    ids.liCustomer = liCustomer.id;
    await json(li.call('POST', '/api/v1/customers', { kind: 'company', name: '杭州云帆贸易有限公司' }));
    await json(wang.call('POST', '/api/v1/customers', { kind: 'person', name: '张伟军', phones: [{ value: '139 8765 4321' }] }));

    expect(names(await json(li.call('GET', '/api/v1/customers')))).toEqual(['张伟', '杭州云帆贸易有限公司'].sort());
    expect(names(await json(wang.call('GET', '/api/v1/customers')))).toEqual(['张伟军']);
    const search = await json(wang.call('GET', '/api/v1/search?q=zhangwei'));
    expect(search.items.map((i: { name: string }) => i.name)).toEqual(['张伟军']);
    const lookup = (rep: Person) => json(rep.call('GET', `/api/v1/lookup/phone/${encodeURIComponent('+86 138 1234 5678')}`));
    expect((await lookup(li)).matches.map((m: { name: string }) => m.name)).toEqual(['张伟']);
    expect((await lookup(wang)).matches).toEqual([]);
    expect((await wang.call('GET', `/api/v1/customers/${liCustomer.id}`)).status).toBe(404);
    expect((await wang.call('PATCH', `/api/v1/customers/${liCustomer.id}`, { stage: 'lost' })).status).toBe(404);
  });

  it('the manager sees both reps’ customers', async () => {
    expect(names(await json(manager.call('GET', '/api/v1/customers')))).toEqual(['张伟', '张伟军', '杭州云帆贸易有限公司'].sort());
  });

  it('the admin transfers one; the new owner sees it and the old one no longer does', async () => {
    expect(await json(admin.call('POST', '/api/v1/customers/transfer', { ids: [ids.liCustomer], ownerId: ids.wang }))).toEqual({ transferred: 1 });
    expect(names(await json(wang.call('GET', '/api/v1/customers')))).toEqual(['张伟', '张伟军'].sort());
    expect((await li.call('GET', `/api/v1/customers/${ids.liCustomer}`)).status).toBe(404);
  });

  it('every step is in the audit log and in the record’s history', async () => {
    const audit = await json(admin.call('GET', '/api/v1/audit?limit=200'));
    const seen = new Set(audit.items.map((e: { action: string; entity: string }) => `${e.action} ${e.entity}`));
    for (const step of ['login user', 'create team', 'create user', 'permission_change team', 'create customer', 'transfer customer']) {
      expect(seen, step).toContain(step);
    }
    const history = await json(wang.call('GET', `/api/v1/customers/${ids.liCustomer}/history`));
    const actions = history.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'transfer']));
    const transfer = history.items.find((e: { action: string }) => e.action === 'transfer');
    expect(transfer.changes.ownerId).toEqual([ids.li, ids.wang]);
  });

  it('audit verify passes, and fails naming the entry after a row is edited by hand', async () => {
    const ok = kehu(['audit', 'verify', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    const target = await db().db.selectFrom('audit_log').select('id').where('action', '=', 'transfer').executeTakeFirstOrThrow();
    if (db().name === 'sqlite' && spawnSync('sqlite3', ['-version']).status === 0) {
      const edit = spawnSync('sqlite3', [db().location, `update audit_log set changes = '{"ownerId":[1,1]}' where id = ${target.id}`], { encoding: 'utf8' });
      expect(edit.status, edit.stderr).toBe(0);
    } else {
      await db().db.updateTable('audit_log').set({ changes: JSON.stringify({ ownerId: [1, 1] }) }).where('id', '=', target.id).execute();
    }
    const tampered = kehu(['audit', 'verify', '--json']);
    expect(tampered.status, tampered.stderr).toBe(5);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, entryId: target.id });
  });
});
