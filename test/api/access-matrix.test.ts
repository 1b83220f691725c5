import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { CsvSplitter } from '../../src/core/files/csv-splitter.ts';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// Who sees and changes whose customers, route by route. Every /api/v1 route of the OpenAPI
// document must be in ROUTES or in EXEMPT (with a reason): a new route fails this test until
// someone decides which rule covers it.

type Who = 'admin' | 'manager' | 'a' | 'b' | 'c' | 'viewer';
type Owner = 'a' | 'b' | 'c' | 'pool';
const ACTORS: Who[] = ['admin', 'manager', 'a', 'b', 'c', 'viewer'];
const OWNERS: Owner[] = ['a', 'b', 'c', 'pool'];

/** Team T: manager, reps a and b, the viewer. Rep c is in another team. */
const SEES: Record<Who, Owner[]> = {
  admin: ['a', 'b', 'c', 'pool'],
  manager: ['a', 'b'],
  a: ['a', 'pool'],
  b: ['b', 'pool'],
  c: ['c', 'pool'],
  viewer: ['a'], // b sits in a child team: a viewer sees their own team only
};
const WRITES: Record<Who, Owner[]> = { admin: ['a', 'b', 'c', 'pool'], manager: ['a', 'b'], a: ['a'], b: ['b'], c: ['c'], viewer: [] };

interface Fixture {
  customer: number;
  contact: number;
  deal: number;
  order: number;
  interaction: number;
  task: number;
  phone: string;
  stage: number;
}
type Entity = Exclude<keyof Fixture, 'phone' | 'stage'>;

/** A read or write of one record (or its customer's sub-list): 404 if invisible, 403 if read-only. */
interface RecordProbe {
  kind: 'record';
  write: boolean;
  url: (f: Fixture) => string;
  body?: unknown;
}
/** A write naming a customer in its body: 400 on customerId if invisible, 403 if read-only. */
interface CreateProbe {
  kind: 'create';
  body: (f: Fixture) => Record<string, unknown>;
}
/** A list or search: its items hold exactly the visible records. */
interface ListProbe {
  kind: 'list';
  url: string;
  keys: (body: { items?: Array<{ id: number; type?: string }>; text?: string }) => string[];
  expected: (f: Fixture) => string[];
}
type Probe = RecordProbe | CreateProbe | ListProbe;

const ids = (entity: string) => (body: { items?: Array<{ id: number }> }) => (body.items ?? []).map((i) => `${entity}:${i.id}`);
/** An exported CSV (a non-JSON answer arrives as { text }): the ids in its "Kehu id" column. */
const exported = (entity: string) => (body: { text?: string }) => {
  const records: string[][] = [];
  const splitter = new CsvSplitter(',');
  splitter.push((body.text ?? '').replace(/^\ufeff/, ''), records);
  splitter.end(records);
  const column = records[0]?.indexOf('Kehu id') ?? -1;
  return records.slice(1).filter((r) => r.length > 1).map((r) => `${entity}:${r[column]}`);
};
const own = (entity: Entity) => (f: Fixture) => [`${entity}:${f[entity]}`];
const item = { product: 'Widget', quantity: 1, unitPrice: 100 };

const CHILDREN: Array<[path: string, entity: Entity, patch: unknown, create: (f: Fixture) => Record<string, unknown>]> = [
  ['contacts', 'contact', { name: 'Renamed' }, (f) => ({ name: 'New person', customerId: f.customer })],
  ['deals', 'deal', { title: 'Renamed' }, (f) => ({ title: 'New deal', customerId: f.customer, stageId: f.stage })],
  ['orders', 'order', { notes: 'changed' }, (f) => ({ customerId: f.customer, orderedAt: '2026-01-10T10:00:00Z', items: [item] })],
  ['interactions', 'interaction', { subject: 'changed' }, (f) => ({ customerId: f.customer, type: 'call' })],
  ['tasks', 'task', { title: 'Renamed' }, (f) => ({ title: 'New task', customerId: f.customer })],
];

const ROUTES: Record<string, Probe> = {
  'GET /api/v1/customers': { kind: 'list', url: '/api/v1/customers?limit=200', keys: ids('customer'), expected: own('customer') },
  'GET /api/v1/customers/{id}': { kind: 'record', write: false, url: (f) => `/api/v1/customers/${f.customer}` },
  'PATCH /api/v1/customers/{id}': { kind: 'record', write: true, url: (f) => `/api/v1/customers/${f.customer}`, body: { notes: 'changed' } },
  'DELETE /api/v1/customers/{id}': { kind: 'record', write: true, url: (f) => `/api/v1/customers/${f.customer}` },
  'POST /api/v1/customers/{id}/restore': { kind: 'record', write: true, url: (f) => `/api/v1/customers/${f.customer}/restore` },
  'POST /api/v1/customers/{id}/release': { kind: 'record', write: true, url: (f) => `/api/v1/customers/${f.customer}/release` },
  'POST /api/v1/customers/{id}/shares': { kind: 'record', write: true, url: (f) => `/api/v1/customers/${f.customer}/shares`, body: { access: 'read' } },
  'DELETE /api/v1/customers/{id}/shares': { kind: 'record', write: true, url: (f) => `/api/v1/customers/${f.customer}/shares`, body: {} },
  'GET /api/v1/customers/{id}/history': { kind: 'record', write: false, url: (f) => `/api/v1/customers/${f.customer}/history` },
  'GET /api/v1/search': { kind: 'list', url: '/api/v1/search?q=Matrixco', keys: (b) => (b.items ?? []).map((i) => `${i.type}:${i.id}`), expected: own('customer') },
  'GET /api/v1/lookup/phone/{number}': { kind: 'record', write: false, url: (f) => `/api/v1/lookup/phone/${f.phone}` },
  'GET /api/v1/data-quality': {
    kind: 'list',
    url: '/api/v1/data-quality?sample=100',
    keys: (b) => ((b as unknown as { checks: Array<{ key: string; sample: Array<{ id: number }> }> }).checks.find((c) => c.key === 'no_city')?.sample ?? []).map((s) => `customer:${s.id}`),
    expected: own('customer'),
  },
  'GET /api/v1/customers/{id}/duplicates': { kind: 'record', write: false, url: (f) => `/api/v1/customers/${f.customer}/duplicates` },
  'GET /api/v1/exports/customers': { kind: 'list', url: '/api/v1/exports/customers?format=csv', keys: exported('customer'), expected: own('customer') },
  'GET /api/v1/exports/contacts': { kind: 'list', url: '/api/v1/exports/contacts?format=csv', keys: exported('contact'), expected: own('contact') },
  ...Object.fromEntries(
    CHILDREN.flatMap(([path, entity, patch, create]) => [
      [`GET /api/v1/${path}`, { kind: 'list', url: `/api/v1/${path}?limit=200`, keys: ids(entity), expected: own(entity) }],
      [`POST /api/v1/${path}`, { kind: 'create', body: create }],
      [`GET /api/v1/${path}/{id}`, { kind: 'record', write: false, url: (f: Fixture) => `/api/v1/${path}/${f[entity]}` }],
      [`PATCH /api/v1/${path}/{id}`, { kind: 'record', write: true, url: (f: Fixture) => `/api/v1/${path}/${f[entity]}`, body: patch }],
      [`DELETE /api/v1/${path}/{id}`, { kind: 'record', write: true, url: (f: Fixture) => `/api/v1/${path}/${f[entity]}` }],
      [`POST /api/v1/${path}/{id}/restore`, { kind: 'record', write: true, url: (f: Fixture) => `/api/v1/${path}/${f[entity]}/restore` }],
      ...(entity === 'task' ? [] : [[`GET /api/v1/customers/{id}/${path}`, { kind: 'record', write: false, url: (f: Fixture) => `/api/v1/customers/${f.customer}/${path}` }]]),
    ]),
  ),
};

const EXEMPT: Record<string, string> = {
  'POST /api/v1/customers': 'creates a new customer, owned by its creator: nobody else’s data',
  'POST /api/v1/customers/{id}/claim': 'pool only; tested below ("the pool")',
  'GET /api/v1/customers/{id}/sensitive': 'admins only, refused to every other role before any lookup (sensitive-fields test)',
  'POST /api/v1/customers/transfer': 'bulk; tested below ("transfer")',
  'GET /api/v1/recycle-bin': 'lists deleted records only; nothing is deleted here',
  'GET /api/v1/audit': 'admins only (audit test)',
  'GET /api/v1/reports/dashboard': 'counts, not records; tested below ("reports") and in the reports test',
  'GET /api/v1/reports/birthdays': 'contacts of visible customers only; tested in the reports test',
  'GET /api/v1/reports/pipeline': 'counts, not records; tested below ("reports")',
  'GET /api/v1/setup': 'public; says only whether any user exists (setup test)',
  'POST /api/v1/setup': 'creates the first admin, refused once any user exists (setup test)',
  'POST /api/v1/demo': 'admins only, into a workspace without customers (setup test)',
  'GET /api/v1/duplicates': 'pairs of two customers: tested below ("duplicates"), listed only to who sees both',
  'POST /api/v1/duplicates/scan': 'admins and managers only; tested below ("duplicates")',
  'POST /api/v1/merges': 'needs both records writable; tested below ("merges") and in the merges test',
  'GET /api/v1/merges': 'merges whose survivor one may see; tested below ("merges")',
  'GET /api/v1/merges/{id}': 'seen with its survivor; tested below ("merges")',
  'POST /api/v1/merges/{id}/undo': 'needs both records writable; tested below ("merges")',
  'POST /api/v1/merges/bulk': 'merges only pairs whose records one may change, each through the same checks (merges test)',
  'POST /api/v1/duplicates/{id}/dismiss': 'needs both records of the pair writable; tested below ("merges")',
  'POST /api/v1/duplicates/{id}/reopen': 'as dismiss (merges test)',
  'POST /api/v1/imports': 'creates records owned by the importer; matches a rep may not change are refused per row (imports test)',
  'POST /api/v1/imports/preview': 'reads the uploaded file only; the sample dry run matches like an import (imports test)',
  'GET /api/v1/imports': 'jobs are their starter’s, admins see all (imports test)',
  'GET /api/v1/imports/{id}': 'the starter’s or an admin’s; 404 to others (imports test)',
  'GET /api/v1/imports/{id}/errors.csv': 'the rejected rows of one’s own job; 404 to others (imports test)',
  'POST /api/v1/imports/{id}/revert': 'one’s own job only (imports test)',
  'GET /api/v1/backups': 'admins only, every other role 403 (backups test)',
  'POST /api/v1/backups': 'admins with a write-capable token only (backups test)',
  'GET /api/v1/backups/runs': 'admins only (backups test)',
  'GET /api/v1/backups/settings': 'admins only (backups test)',
  'PATCH /api/v1/backups/settings': 'admins with a write-capable token only (backups test)',
  'POST /api/v1/backups/prune': 'admins with a write-capable token only (backups test)',
  'POST /api/v1/backups/{name}/verify': 'admins with a write-capable token only (backups test)',
  'POST /api/v1/backups/{name}/restore': 'admins with a write-capable token only, name confirmed (backups test)',
  'GET /api/v1/health': 'admins only: database facts, no customer data (backups test)',
  'POST /api/v1/health/maintenance': 'admins with a write-capable token only (backups test)',
};
// tokens: API tokens hold no customer data; who sees and revokes which is tested in test/api/tokens.test.ts.
const NO_CUSTOMER_DATA = /^\/api\/v1\/(auth|tags|custom-fields|pipeline-stages|openapi|teams|users|settings|tokens)\b/;

forEachDialect('access matrix', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const userIds = {} as Record<Who, number>;
  const fixtures = {} as Record<Owner, Fixture>;

  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    api.call(method, url, body, {}, tokens[who]);
  const created = async (who: Who, url: string, body: unknown): Promise<number> => {
    const res = await call(who, 'POST', url, body);
    expect(res.statusCode, `${url} ${res.body}`).toBe(201);
    return res.json().id;
  };

  async function seed(who: Who, owner: Owner, phone: string, stageId: number): Promise<Fixture> {
    const name = `Matrixco ${owner}`;
    const customer = await created(who, '/api/v1/customers', { kind: 'company', name, phones: [{ value: phone }], ...(owner === 'pool' ? { ownerId: null } : {}) });
    const f = { customer } as Fixture;
    f.contact = await created(who, '/api/v1/contacts', { name: `Person ${owner}`, customerId: customer });
    f.deal = await created(who, '/api/v1/deals', { title: `Deal ${owner}`, customerId: customer, stageId });
    f.order = await created(who, '/api/v1/orders', { customerId: customer, orderedAt: '2026-01-10T10:00:00Z', items: [item] });
    f.interaction = await created(who, '/api/v1/interactions', { customerId: customer, type: 'call' });
    f.task = await created(who, '/api/v1/tasks', { title: `Task ${owner}`, customerId: customer });
    f.phone = phone;
    f.stage = stageId;
    return f;
  }

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    tokens.admin = api.token;
    for (const [who, role] of [['manager', 'manager'], ['a', 'sales'], ['b', 'sales'], ['c', 'sales'], ['viewer', 'viewer']] as const) {
      const user = await api.userToken(role);
      tokens[who] = user.token;
      userIds[who] = user.userId;
    }
    const now = api.clock.now().toISOString();
    const team = async (name: string, managerId: number | null, parentId: number | null) =>
      (await api.deps.db.insertInto('teams').values({ name, manager_id: managerId, parent_id: parentId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    const parent = await team(`T ${db().name}`, userIds.manager, null);
    const child = await team(`T-child ${db().name}`, null, parent);
    const other = await team(`U ${db().name}`, null, null);
    const join = (who: Who, teamId: number) => api.deps.db.updateTable('users').set({ team_id: teamId }).where('id', '=', userIds[who]).execute();
    // b sits in a child team of T: the manager of T sees child teams too.
    await Promise.all([join('manager', parent), join('a', parent), join('b', child), join('viewer', parent), join('c', other)]);
    const stageId = (await call('admin', 'GET', '/api/v1/pipeline-stages')).json().items[0].id;
    fixtures.a = await seed('a', 'a', '13800000001', stageId);
    fixtures.b = await seed('b', 'b', '13800000002', stageId);
    fixtures.c = await seed('c', 'c', '13800000003', stageId);
    fixtures.pool = await seed('admin', 'pool', '13800000009', stageId);
  });

  it('covers every /api/v1 route: in the matrix or exempt with a reason', async () => {
    const paths = (await call('admin', 'GET', '/api/v1/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
    const unlisted = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .map((method) => `${method.toUpperCase()} ${path}`)
        .filter((key) => path.startsWith('/api/v1/') && !NO_CUSTOMER_DATA.test(path) && !(key in ROUTES) && !(key in EXEMPT)),
    );
    expect(unlisted, 'add these routes to ROUTES (or EXEMPT, with a reason) in test/api/access-matrix.test.ts').toEqual([]);
    const stale = Object.keys(ROUTES).filter((key) => !paths[key.split(' ')[1]!]);
    expect(stale, 'routes in the matrix that no longer exist').toEqual([]);
  });

  for (const [route, probe] of Object.entries(ROUTES)) {
    describe(route, () => {
      for (const who of ACTORS) {
        it(`as ${who}`, async () => {
          const method = route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
          if (probe.kind === 'list') {
            const res = await call(who, method, probe.url);
            expect(res.statusCode, res.body).toBe(200);
            const keys = probe.keys(String(res.headers['content-type']).includes('json') ? res.json() : { text: res.body });
            for (const owner of OWNERS) {
              for (const key of probe.expected(fixtures[owner])) {
                const sees = SEES[who].includes(owner);
                expect(keys.includes(key), `${who} ${sees ? 'must' : 'must not'} find ${owner}'s ${key}`).toBe(sees);
              }
            }
            return;
          }
          for (const owner of OWNERS) {
            const f = fixtures[owner];
            const visible = SEES[who].includes(owner);
            const writable = WRITES[who].includes(owner);
            const label = `${who} on ${owner}'s record`;
            if (probe.kind === 'create') {
              if (writable) continue;
              const res = await call(who, method, route.split(' ')[1]!, probe.body(f));
              expect(res.statusCode, `${label}: ${res.body}`).toBe(visible || who === 'viewer' ? 403 : 400);
              if (res.statusCode === 400) expect(res.json().errors[0].field).toBe('customerId');
              continue;
            }
            if (probe.write && writable) continue; // changing what one may change is the other tests' job
            const res = await call(who, method, probe.url(f), probe.body);
            if (probe.write && who === 'viewer') {
              // a read-only role is refused before any lookup: the same 403 whether the record exists or not
              expect(res.statusCode, `${label}: ${res.body}`).toBe(403);
              continue;
            }
            if (route.startsWith('GET /api/v1/lookup')) {
              expect(res.statusCode).toBe(200);
              const found = (res.json().matches as Array<{ type: string; id: number }>).some((m) => m.type === 'customer' && m.id === f.customer);
              expect(found, label).toBe(visible);
            } else if (!visible) expect(res.statusCode, `${label}: ${res.body}`).toBe(404);
            else expect(res.statusCode, `${label}: ${res.body}`).toBe(probe.write ? 403 : 200);
          }
        });
      }
    });
  }

  it('reports: the dashboard counts and sums only the customers each viewer may see', async () => {
    for (const who of ACTORS) {
      const report = (await call(who, 'GET', '/api/v1/reports/dashboard')).json();
      const visible = SEES[who].length;
      const customers = report.funnel.reduce((sum: number, step: { count: number }) => sum + step.count, 0);
      expect(customers, `${who}'s funnel`).toBe(visible);
      expect(report.revenue[0]?.total ?? 0, `${who}'s revenue`).toBe(item.unitPrice * visible);
      expect(report.pipeline[0].count, `${who}'s open deals`).toBe(visible);
      expect((await call(who, 'GET', '/api/v1/reports/pipeline')).json().items[0].count, `${who}'s board`).toBe(visible);
      const top = report.topCustomers.map((t: { customerId: number }) => t.customerId).sort();
      expect(top, `${who}'s top customers`).toEqual(SEES[who].map((owner) => fixtures[owner].customer).sort());
    }
  });

  it('a list filtered with q finds only visible customers', async () => {
    const names = async (who: Who) => (await call(who, 'GET', '/api/v1/customers?q=Matrixco&limit=200')).json().items.map((c: { name: string }) => c.name).sort();
    expect(await names('a')).toEqual(['Matrixco a', 'Matrixco pool']);
    expect(await names('manager')).toEqual(['Matrixco a', 'Matrixco b']);
    expect(await names('viewer')).toEqual(['Matrixco a']);
    expect(await names('admin')).toEqual(['Matrixco a', 'Matrixco b', 'Matrixco c', 'Matrixco pool']);
  });

  it('the pool: visible to reps, read-only until claimed, claimable once, releasable by its owner', async () => {
    const id = fixtures.pool.customer;
    expect((await call('viewer', 'POST', `/api/v1/customers/${id}/claim`)).statusCode).toBe(403);
    expect((await call('a', 'PATCH', `/api/v1/customers/${id}`, { notes: 'not yet mine' })).statusCode).toBe(403);
    const claimed = await call('c', 'POST', `/api/v1/customers/${id}/claim`);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().ownerId).toBe(userIds.c);
    expect((await call('a', 'POST', `/api/v1/customers/${id}/claim`)).statusCode).toBe(404);
    expect((await call('c', 'POST', `/api/v1/customers/${id}/claim`)).statusCode).toBe(409);
    expect((await call('c', 'PATCH', `/api/v1/customers/${id}`, { notes: 'mine now' })).statusCode).toBe(200);
    expect((await call('c', 'POST', `/api/v1/customers/${id}/release`)).statusCode).toBe(200);
    expect((await call('a', 'GET', `/api/v1/customers/${id}`)).json().ownerId).toBeNull();
    const history = (await call('admin', 'GET', `/api/v1/customers/${id}/history`)).body;
    expect(history).toContain('ownerId');
  });

  it('sharing: a read share shows the customer but refuses writes; a write share allows them', async () => {
    const id = fixtures.b.customer;
    expect((await call('a', 'POST', `/api/v1/customers/${id}/shares`, { userId: userIds.a, access: 'write' })).statusCode).toBe(404);
    const shared = await call('b', 'POST', `/api/v1/customers/${id}/shares`, { userId: userIds.c, access: 'read' });
    expect(shared.statusCode, shared.body).toBe(201);
    expect((await call('c', 'GET', `/api/v1/customers/${id}`)).statusCode).toBe(200);
    expect((await call('c', 'GET', `/api/v1/deals/${fixtures.b.deal}`)).statusCode).toBe(200);
    expect((await call('c', 'PATCH', `/api/v1/customers/${id}`, { notes: 'no' })).statusCode).toBe(403);
    expect((await call('c', 'PATCH', `/api/v1/deals/${fixtures.b.deal}`, { title: 'no' })).statusCode).toBe(403);
    expect((await call('b', 'POST', `/api/v1/customers/${id}/shares`, { userId: userIds.c, access: 'write' })).statusCode).toBe(201);
    expect((await call('c', 'PATCH', `/api/v1/customers/${id}`, { notes: 'shared with me' })).statusCode).toBe(200);
    expect((await call('c', 'DELETE', `/api/v1/customers/${id}/shares`, { userId: userIds.c })).statusCode).toBe(403);
    expect((await call('b', 'DELETE', `/api/v1/customers/${id}/shares`, { userId: userIds.c })).statusCode).toBe(204);
    expect((await call('c', 'GET', `/api/v1/customers/${id}`)).statusCode).toBe(404);
    expect((await call('b', 'POST', `/api/v1/customers/${id}/shares`, { userId: userIds.c, teamId: 1, access: 'read' })).json().errors[0].field).toBe('userId');
  });

  it('a read share is read-only on every road: no move, detach, push in, edit, delete, merge or tag; a write share allows them', async () => {
    const seedFor = async (who: Who, name: string) => {
      const f = await seed(who, name as Owner, `1381111${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`, fixtures.a.stage);
      return f;
    };
    const mine = await seedFor('a', 'Shareco a');
    const theirs = await seedFor('b', 'Shareco b');
    expect((await call('a', 'POST', `/api/v1/customers/${mine.customer}/shares`, { userId: userIds.b, access: 'read' })).statusCode).toBe(201);
    const snapshot = async () => JSON.stringify(await Promise.all(CHILDREN.map(([path, entity]) => call('a', 'GET', `/api/v1/${path}/${mine[entity]}`).then((r) => r.json()))));
    const before = await snapshot();
    for (const [path, entity] of CHILDREN) {
      const away = await call('b', 'PATCH', `/api/v1/${path}/${mine[entity]}`, { customerId: theirs.customer });
      expect(away.statusCode, `b moves a's ${entity} to b's customer: ${away.body}`).toBe(403);
      const pushed = await call('b', 'PATCH', `/api/v1/${path}/${theirs[entity]}`, { customerId: mine.customer });
      expect(pushed.statusCode, `b pushes b's ${entity} into a's customer: ${pushed.body}`).toBe(403);
      if (entity === 'contact' || entity === 'task') {
        const detached = await call('b', 'PATCH', `/api/v1/${path}/${mine[entity]}`, { customerId: null });
        expect(detached.statusCode, `b detaches a's ${entity}: ${detached.body}`).toBe(403);
      }
      expect((await call('b', 'DELETE', `/api/v1/${path}/${mine[entity]}`)).statusCode, `b deletes a's ${entity}`).toBe(403);
    }
    expect((await call('b', 'PATCH', `/api/v1/customers/${mine.customer}`, { tags: ['mine now'] })).statusCode).toBe(403);
    const merge = await call('b', 'POST', '/api/v1/merges', { entity: 'customers', survivorId: theirs.customer, mergedId: mine.customer });
    expect(merge.statusCode, merge.body).toBe(403);
    expect(await snapshot(), 'a still sees every record where it was').toBe(before);

    expect((await call('a', 'POST', `/api/v1/customers/${mine.customer}/shares`, { userId: userIds.b, access: 'write' })).statusCode).toBe(201);
    const moved = await call('b', 'PATCH', `/api/v1/deals/${mine.deal}`, { customerId: theirs.customer });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await call('a', 'GET', `/api/v1/deals/${mine.deal}`)).statusCode).toBe(404);
  });

  it('transfer: a manager within the team, all or none; reps may not; an admin anywhere', async () => {
    const transfer = (who: Who, ids: number[], ownerId: number) => call(who, 'POST', '/api/v1/customers/transfer', { ids, ownerId });
    expect((await transfer('a', [fixtures.a.customer], userIds.b)).statusCode).toBe(403);
    const outside = await transfer('manager', [fixtures.a.customer, fixtures.c.customer], userIds.b);
    expect(outside.statusCode, outside.body).toBe(400);
    expect(outside.json().errors[0].field).toBe('ids/1');
    expect((await transfer('manager', [fixtures.a.customer], userIds.c)).json().errors[0].field).toBe('ownerId');
    const moved = await transfer('manager', [fixtures.a.customer], userIds.b);
    expect(moved.json()).toEqual({ transferred: 1 });
    expect((await call('a', 'GET', `/api/v1/customers/${fixtures.a.customer}`)).statusCode).toBe(404);
    expect((await call('b', 'GET', `/api/v1/customers/${fixtures.a.customer}`)).json().ownerId).toBe(userIds.b);
    expect((await transfer('admin', [fixtures.a.customer], userIds.a)).json()).toEqual({ transferred: 1 });
    const audit = (await call('admin', 'GET', `/api/v1/customers/${fixtures.a.customer}/history`)).body;
    expect(audit).toContain('transfer');
  });

  it('duplicates: only admins and managers scan; a pair is listed only to who sees both customers', async () => {
    const owners = (o: Owner) => (o === 'pool' ? null : userIds[o]);
    const combos = OWNERS.flatMap((x, i) => OWNERS.slice(i).map((y) => [x, y] as const));
    const twin = ['赵敏', '钱坤', '孙丽', '李娜', '周杰', '吴昊', '郑爽', '王磊', '冯程', '陈晨'];
    const named = (x: Owner, y: Owner) => twin[combos.findIndex(([p, q]) => p === x && q === y)]!;
    for (const [n, [x, y]] of combos.entries()) {
      const phone = `139${String((n * 7919) % 10_000).padStart(4, '0')}${String((n * 104_729) % 10_000).padStart(4, '0')}`;
      for (const owner of [x, y]) await created('admin', '/api/v1/customers', { kind: 'person', name: named(x, y), phones: [{ value: phone }], ownerId: owners(owner) });
    }
    for (const who of ACTORS) expect((await call(who, 'POST', '/api/v1/duplicates/scan', {})).statusCode, who).toBe(who === 'admin' || who === 'manager' ? 200 : 403);
    for (const who of ACTORS) {
      const res = await call(who, 'GET', '/api/v1/duplicates?limit=200');
      expect(res.statusCode).toBe(200);
      const listed = (res.json().items as Array<{ a: { name: string } }>).map((p) => p.a.name).sort();
      const expected = combos.filter(([x, y]) => SEES[who].includes(x) && SEES[who].includes(y)).map(([x, y]) => named(x, y)).sort();
      expect(listed, who).toEqual(expected);
    }
  });

  it('merges: both records must be writable; a rep cannot merge another rep’s customer into theirs', async () => {
    const make = (who: Who, name: string) => created(who, '/api/v1/customers', { kind: 'company', name });
    const merge = (who: Who, survivorId: number, mergedId: number) => call(who, 'POST', '/api/v1/merges', { entity: 'customers', survivorId, mergedId });
    const a1 = await make('a', 'Mergeco a1');
    const a2 = await make('a', 'Mergeco a2');
    const b1 = await make('b', 'Mergeco b1');
    expect((await merge('a', a1, b1)).statusCode).toBe(404);
    expect((await merge('b', b1, a1)).statusCode).toBe(404);
    expect((await merge('c', a1, a2)).statusCode).toBe(404);
    expect((await merge('viewer', a1, a2)).statusCode).toBe(403);
    expect((await merge('a', a1, fixtures.pool.customer)).statusCode).toBe(403);
    const now = api.clock.now().toISOString();
    const pair = await api.deps.db
      .insertInto('duplicate_pairs')
      .values({ entity: 'customers', a_id: a1, b_id: b1, score: 900, reasons: '[]', cluster_id: a1, status: 'open', found_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await call('a', 'POST', `/api/v1/duplicates/${pair.id}/dismiss`)).statusCode).toBe(404);
    expect((await call('viewer', 'POST', `/api/v1/duplicates/${pair.id}/dismiss`)).statusCode).toBe(403);
    const done = await merge('manager', a1, b1);
    expect(done.statusCode, done.body).toBe(201);
    const id = done.json().id;
    expect((await call('a', 'GET', `/api/v1/merges/${id}`)).statusCode).toBe(200);
    expect((await call('b', 'GET', `/api/v1/merges/${id}`)).statusCode).toBe(404);
    expect((await call('c', 'GET', '/api/v1/merges?limit=200')).json().items).toEqual([]);
    expect((await call('c', 'POST', `/api/v1/merges/${id}/undo`, {})).statusCode).toBe(404);
    expect((await call('viewer', 'POST', `/api/v1/merges/${id}/undo`, {})).statusCode).toBe(403);
    expect((await call('a', 'POST', `/api/v1/merges/${id}/undo`, {})).statusCode).toBe(403);
    expect((await call('manager', 'POST', `/api/v1/merges/${id}/undo`, {})).statusCode).toBe(200);
    expect((await call('b', 'GET', `/api/v1/customers/${b1}`)).statusCode).toBe(200);
  });
});
