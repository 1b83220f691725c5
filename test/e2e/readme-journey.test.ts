import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../support/databases.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON responses, checked by the assertions
type Json = any;

const bin = new URL('../../bin/kehu.js', import.meta.url).pathname;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

// The README's first steps, run as a new user would: real processes, real HTTP.
forEachDialect('README journey', (db) => {
  let server: ChildProcess;
  let base = '';
  let token = '';
  let env: NodeJS.ProcessEnv;
  const kehu = (args: string[], input?: string) => spawnSync('node', [bin, ...args], { env, input, encoding: 'utf8' });
  const json = async (response: Promise<Response>): Promise<Json> => (await response).json();
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });

  beforeAll(async () => {
    const port = await freePort();
    env = { ...process.env, PORT: String(port), ...(db().url ? { DATABASE_URL: db().url } : { KEHU_DATA_DIR: db().dataDir }) };
    const added = kehu(['users', 'add', '--email', 'ada@example.com', '--name', 'Ada', '--role', 'admin', '--password-stdin'], 'a long enough password\n');
    expect(added.status, added.stderr).toBe(0);
    const created = kehu(['tokens', 'create', '--user', 'ada@example.com', '--json']);
    expect(created.status, created.stderr).toBe(0);
    token = JSON.parse(created.stdout).token;
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
  }, 60_000);

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('adds a company with two contacts and finds them by initials and by a phone fragment', async () => {
    const company = await json(api('POST', '/api/v1/customers', { kind: 'company', name: '北京星辰科技有限公司', city: '北京' }));
    expect(company.id).toBeGreaterThan(0);
    for (const [name, phone] of [['张伟', '138 1234 5678'], ['单丽', '+86 139-8765-4321']]) {
      const res = await api('POST', '/api/v1/contacts', { customerId: company.id, name, phones: [{ value: phone, label: 'mobile' }] });
      expect(res.status).toBe(201);
    }
    const byInitials = await json(api('GET', '/api/v1/search?q=zw'));
    expect(byInitials.items.map((i: { name: string }) => i.name)).toContain('张伟');
    const bySurname = await json(api('GET', '/api/v1/search?q=shanli'));
    expect(bySurname.items.map((i: { name: string }) => i.name)).toContain('单丽');
    const byPhone = await json(api('GET', `/api/v1/search?q=${encodeURIComponent('1234 5678')}`));
    expect(byPhone.items.map((i: { name: string }) => i.name)).toContain('张伟');
    const callerId = await json(api('GET', `/api/v1/lookup/phone/${encodeURIComponent('+86 138-1234-5678')}`));
    expect(callerId.matches.map((m: { name: string }) => m.name)).toEqual(['张伟']);
  });

  it('gets a 412 on a stale update and a clear 400 on a bad phone', async () => {
    const created = await api('POST', '/api/v1/customers', { kind: 'person', name: 'Lin Ming' });
    const etag = created.headers.get('etag') as string;
    const { id } = (await created.json()) as Json;
    expect((await api('PATCH', `/api/v1/customers/${id}`, { stage: 'prospect' }, { 'if-match': etag })).status).toBe(200);
    const stale = await api('PATCH', `/api/v1/customers/${id}`, { stage: 'lost' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    const bad = await api('POST', '/api/v1/customers', { kind: 'person', name: 'Bad Phone', phones: [{ value: '555' }] });
    expect(bad.status).toBe(400);
    const problem: Json = await bad.json();
    expect(problem.errors[0]).toMatchObject({ field: 'phones[0].value' });
    expect(problem.errors[0].message).toMatch(/555/);
  });
});
