import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { CsvSplitter } from '../../src/core/files/csv-splitter.ts';
import type { Schema } from '../../src/core/db/schema.ts';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-matrix-uploads-'));

// Who sees and changes whose records, route by route. Every /api/v1 route of the OpenAPI
// document that changes data, and every one that reads customer data, must be in ROUTES or in
// EXEMPT (with a reason): a new route fails this test until someone decides which rule covers it.
// Each write is tried by every actor on a record of every owner; a refused write must leave the
// rows it aims at exactly as they were.

type Who = 'admin' | 'manager' | 'a' | 'b' | 'c' | 'viewer' | 'r' | 'w' | 'ro';
type Owner = 'a' | 'b' | 'c' | 'pool';
const ACTORS: Who[] = ['admin', 'manager', 'a', 'b', 'c', 'viewer', 'r', 'w', 'ro'];
const OWNERS: Owner[] = ['a', 'b', 'c', 'pool'];
/** Actors whose sight follows ownership alone: r and w see the fixtures through shares only. */
const BY_OWNERSHIP = ACTORS.filter((who) => who !== 'r' && who !== 'w');
/** A viewer, and rep a through a read-only API token: every write is refused before any lookup. */
const READ_ONLY: Who[] = ['viewer', 'ro'];

/**
 * Team T: the manager, reps a and b (b in a child team), the viewer. Rep c is in another team.
 * Reps r and w hold a read share and a write share on every fixture customer.
 */
const SEES: Record<Who, Owner[]> = {
  admin: ['a', 'b', 'c', 'pool'],
  manager: ['a', 'b'],
  a: ['a', 'pool'],
  b: ['b', 'pool'],
  c: ['c', 'pool'],
  viewer: ['a'], // b sits in a child team: a viewer sees their own team only
  r: ['a', 'b', 'c', 'pool'],
  w: ['a', 'b', 'c', 'pool'],
  ro: ['a', 'pool'],
};
const WRITES: Record<Who, Owner[]> = { admin: ['a', 'b', 'c', 'pool'], manager: ['a', 'b'], a: ['a'], b: ['b'], c: ['c'], viewer: [], r: [], w: ['a', 'b', 'c', 'pool'], ro: [] };
const sees = (who: Who, owner: Owner) => SEES[who].includes(owner);
const writes = (who: Who, owner: Owner) => WRITES[who].includes(owner);
/** Sharing and releasing give a customer away: its owner, or a manager or admin who may change it. */
const givesAway = (who: Who, owner: Owner) => writes(who, owner) && (who === owner || who === 'admin' || who === 'manager');

interface Fixture {
  owner: Owner;
  customer: number;
  contact: number;
  deal: number;
  order: number;
  interaction: number;
  task: number;
  phone: string;
  stage: number;
}
type Entity = 'customer' | 'contact' | 'deal' | 'order' | 'interaction' | 'task';
type Child = Exclude<Entity, 'customer'>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const TABLE: Record<Entity, keyof Schema> = { customer: 'customers', contact: 'contacts', deal: 'deals', order: 'orders', interaction: 'interactions', task: 'tasks' };

/** Rows a refused write must leave as they were: [table, column, value]. */
type Touch = [table: keyof Schema, column: string, value: number];
const rowOf = (entity: Entity, f: Fixture): Touch => [TABLE[entity], 'id', f[entity]];

/** A read of one record (or its customer's sub-list): 404 if invisible, 200 otherwise. */
interface ReadProbe {
  kind: 'read';
  url: (f: Fixture) => string;
}
/** A list or search: its items hold exactly the visible records. */
interface ListProbe {
  kind: 'list';
  url: string;
  keys: (body: { items?: Array<{ id: number; type?: string }>; text?: string }) => string[];
  expected: (f: Fixture) => string[];
}
/**
 * A write to one fixture's record: 403 to a read-only actor, 404 if invisible, then `expect`
 * (by default `ok` if the actor may change the record, else 403).
 */
interface WriteProbe {
  kind: 'write';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  ok: number;
  touches: (f: Fixture) => Touch[];
  expect?: (who: Who, owner: Owner) => number;
  /** as admin, before the call: what the route needs (the record in the recycle bin, a share …) */
  arrange?: (f: Fixture) => Promise<void>;
  /** as admin, after the call whatever it answered: the fixture as it was for the next probe */
  reset?: (f: Fixture, res: LightMyRequestResponse) => Promise<void>;
}
/** A new record under a fixture's customer: 403 read-only, 400 on customerId if invisible, else as writes. */
interface CreateProbe {
  kind: 'create';
  entity: Child;
  body: (f: Fixture) => Record<string, unknown>;
}
/** A write that does not belong to a customer (tags, settings, users …): allowed to some roles only. */
interface RoleProbe {
  kind: 'role';
  may: Who[];
  ok: number;
  /** the table a refused call must leave as it was */
  table: keyof Schema;
  /** as admin: makes what the call acts on (the n-th time) and says where to send it */
  arrange: (n: number) => Promise<{ url: string; body?: unknown }>;
}
type Probe = ReadProbe | ListProbe | WriteProbe | CreateProbe | RoleProbe;

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
const WRITERS = ACTORS.filter((who) => !READ_ONLY.includes(who));

const CHILDREN: Array<[path: string, entity: Child, patch: unknown, create: (f: Fixture) => Record<string, unknown>]> = [
  ['contacts', 'contact', { name: 'Renamed' }, (f) => ({ name: 'New person', customerId: f.customer })],
  ['deals', 'deal', { title: 'Renamed' }, (f) => ({ title: 'New deal', customerId: f.customer, stageId: f.stage })],
  ['orders', 'order', { notes: 'changed' }, (f) => ({ customerId: f.customer, orderedAt: '2026-01-10T10:00:00Z', items: [item] })],
  ['interactions', 'interaction', { subject: 'changed' }, (f) => ({ customerId: f.customer, type: 'call' })],
  ['tasks', 'task', { title: 'Renamed' }, (f) => ({ title: 'New task', customerId: f.customer })],
];
const PATH: Record<Entity, string> = { customer: 'customers', contact: 'contacts', deal: 'deals', order: 'orders', interaction: 'interactions', task: 'tasks' };

/** Everything a test needs from the suite: set in beforeAll. */
interface World {
  api: TestApi;
  tokens: Record<Who, string>;
  userIds: Record<Who | 'spare', number>;
  fixtures: Record<Owner, Fixture>;
  call(who: Who, method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}
const world = {} as World;
const asAdmin = (method: Method, url: string, body?: unknown) => world.call('admin', method, url, body);
/** Puts a record back where it was, whatever the probe did to it (a 409 "not in the recycle bin" is fine). */
const restored = (entity: Entity) => async (f: Fixture) => {
  await asAdmin('POST', `/api/v1/${PATH[entity]}/${f[entity]}/restore`);
};
const deleted = (entity: Entity) => async (f: Fixture) => {
  const res = await asAdmin('DELETE', `/api/v1/${PATH[entity]}/${f[entity]}`);
  expect(res.statusCode, res.body).toBe(204);
};
const ownerIdOf = (owner: Owner) => (owner === 'pool' ? null : world.userIds[owner]);
const sharesOf = (f: Fixture): Touch => ['customer_shares', 'customer_id', f.customer];
const ownerBack = async (f: Fixture) => {
  const res = await asAdmin('PATCH', `/api/v1/customers/${f.customer}`, { ownerId: ownerIdOf(f.owner) });
  expect(res.statusCode, res.body).toBe(200);
};

/** Writes to a customer's own record, its sharing and its place in the pool. */
const CUSTOMER_WRITES: Record<string, WriteProbe> = {
  'PATCH /api/v1/customers/{id}': { kind: 'write', url: (f) => `/api/v1/customers/${f.customer}`, body: () => ({ notes: 'changed', tags: ['probed'] }), ok: 200, touches: (f) => [rowOf('customer', f), ['customer_tags', 'customer_id', f.customer]] },
  'DELETE /api/v1/customers/{id}': { kind: 'write', url: (f) => `/api/v1/customers/${f.customer}`, ok: 204, touches: (f) => [rowOf('customer', f)], reset: restored('customer') },
  'POST /api/v1/customers/{id}/restore': {
    kind: 'write',
    url: (f) => `/api/v1/customers/${f.customer}/restore`,
    ok: 200,
    touches: (f) => [rowOf('customer', f)],
    arrange: deleted('customer'),
    reset: restored('customer'),
  },
  'POST /api/v1/customers/{id}/release': {
    kind: 'write',
    url: (f) => `/api/v1/customers/${f.customer}/release`,
    ok: 200,
    touches: (f) => [rowOf('customer', f)],
    // the pool customer is in the pool already
    expect: (who, owner) => (owner === 'pool' && writes(who, owner) ? 409 : givesAway(who, owner) ? 200 : 403),
    reset: ownerBack,
  },
  'POST /api/v1/customers/{id}/claim': {
    kind: 'write',
    url: (f) => `/api/v1/customers/${f.customer}/claim`,
    ok: 200,
    touches: (f) => [rowOf('customer', f)],
    // sales reps and managers claim; a customer with an owner is taken
    expect: (who, owner) => (who === 'admin' ? 403 : owner === 'pool' ? 200 : 409),
    reset: ownerBack,
  },
  'POST /api/v1/customers/{id}/shares': {
    kind: 'write',
    url: (f) => `/api/v1/customers/${f.customer}/shares`,
    body: () => ({ userId: world.userIds.spare, access: 'write' }),
    ok: 201,
    touches: (f) => [sharesOf(f)],
    expect: (who, owner) => (givesAway(who, owner) ? 201 : 403),
    reset: async (f) => {
      await asAdmin('DELETE', `/api/v1/customers/${f.customer}/shares`, { userId: world.userIds.spare });
    },
  },
  'DELETE /api/v1/customers/{id}/shares': {
    kind: 'write',
    url: (f) => `/api/v1/customers/${f.customer}/shares`,
    body: () => ({ userId: world.userIds.spare }),
    ok: 204,
    touches: (f) => [sharesOf(f)],
    expect: (who, owner) => (givesAway(who, owner) ? 204 : 403),
    arrange: async (f) => {
      expect((await asAdmin('POST', `/api/v1/customers/${f.customer}/shares`, { userId: world.userIds.spare, access: 'read' })).statusCode).toBe(201);
    },
    reset: async (f) => {
      await asAdmin('DELETE', `/api/v1/customers/${f.customer}/shares`, { userId: world.userIds.spare });
    },
  },
};

/** Writes to a customer's contacts, deals, orders, interactions and tasks (moves: see MOVES below). */
const CHILD_WRITES: Record<string, Probe> = Object.fromEntries(
  CHILDREN.flatMap(([path, entity, patch, create]) => [
    [`POST /api/v1/${path}`, { kind: 'create', entity, body: create }],
    [`PATCH /api/v1/${path}/{id}`, { kind: 'write', url: (f: Fixture) => `/api/v1/${path}/${f[entity]}`, body: () => patch, ok: 200, touches: (f: Fixture) => [rowOf(entity, f)] }],
    [`DELETE /api/v1/${path}/{id}`, { kind: 'write', url: (f: Fixture) => `/api/v1/${path}/${f[entity]}`, ok: 204, touches: (f: Fixture) => [rowOf(entity, f)], reset: restored(entity) }],
    [
      `POST /api/v1/${path}/{id}/restore`,
      { kind: 'write', url: (f: Fixture) => `/api/v1/${path}/${f[entity]}/restore`, ok: 200, touches: (f: Fixture) => [rowOf(entity, f)], arrange: deleted(entity), reset: restored(entity) },
    ],
  ]),
);

const MANAGERS: Who[] = ['admin', 'manager'];
const ADMINS: Who[] = ['admin'];
/** Makes a record as admin through the API and answers its id. */
const made = async (url: string, body: unknown): Promise<number> => {
  const res = await asAdmin('POST', url, body);
  expect(res.statusCode, `${url} ${res.body}`).toBe(201);
  return res.json().id;
};
const madeAndBinned = async (url: string, body: unknown): Promise<number> => {
  const id = await made(url, body);
  expect((await asAdmin('DELETE', `${url}/${id}`)).statusCode).toBe(204);
  return id;
};
const tag = (n: number) => ({ name: `probe tag ${n}` });
const field = (n: number) => ({ entity: 'deal', key: `probe_${n}`, label: `Probe ${n}`, type: 'text' });
const stage = (n: number) => ({ name: `Probe stage ${n}`, probability: 10 });
const team = (n: number) => ({ name: `Probe team ${n}` });
const user = (n: number) => ({ email: `probe-${n}-${Date.now()}@example.com`, name: `Probe ${n}`, role: 'sales' });

/** Writes that belong to no customer: the global lists and the workspace's people and rules. */
const ROLE_WRITES: Record<string, RoleProbe> = {
  'POST /api/v1/tags': { kind: 'role', may: WRITERS, ok: 201, table: 'tags', arrange: async (n) => ({ url: '/api/v1/tags', body: tag(n) }) },
  'PATCH /api/v1/tags/{id}': { kind: 'role', may: MANAGERS, ok: 200, table: 'tags', arrange: async (n) => ({ url: `/api/v1/tags/${await made('/api/v1/tags', tag(n))}`, body: { name: `renamed tag ${n}` } }) },
  'DELETE /api/v1/tags/{id}': { kind: 'role', may: MANAGERS, ok: 204, table: 'tags', arrange: async (n) => ({ url: `/api/v1/tags/${await made('/api/v1/tags', tag(n))}` }) },
  'POST /api/v1/tags/{id}/restore': { kind: 'role', may: MANAGERS, ok: 200, table: 'tags', arrange: async (n) => ({ url: `/api/v1/tags/${await madeAndBinned('/api/v1/tags', tag(n))}/restore` }) },
  'POST /api/v1/custom-fields': { kind: 'role', may: ADMINS, ok: 201, table: 'custom_field_defs', arrange: async (n) => ({ url: '/api/v1/custom-fields', body: field(n) }) },
  'PATCH /api/v1/custom-fields/{id}': {
    kind: 'role',
    may: ADMINS,
    ok: 200,
    table: 'custom_field_defs',
    arrange: async (n) => ({ url: `/api/v1/custom-fields/${await made('/api/v1/custom-fields', field(n))}`, body: { label: 'Renamed' } }),
  },
  'DELETE /api/v1/custom-fields/{id}': { kind: 'role', may: ADMINS, ok: 204, table: 'custom_field_defs', arrange: async (n) => ({ url: `/api/v1/custom-fields/${await made('/api/v1/custom-fields', field(n))}` }) },
  'POST /api/v1/custom-fields/{id}/restore': {
    kind: 'role',
    may: ADMINS,
    ok: 200,
    table: 'custom_field_defs',
    arrange: async (n) => ({ url: `/api/v1/custom-fields/${await madeAndBinned('/api/v1/custom-fields', field(n))}/restore` }),
  },
  'POST /api/v1/pipeline-stages': { kind: 'role', may: ADMINS, ok: 201, table: 'pipeline_stages', arrange: async (n) => ({ url: '/api/v1/pipeline-stages', body: stage(n) }) },
  'PATCH /api/v1/pipeline-stages/{id}': {
    kind: 'role',
    may: ADMINS,
    ok: 200,
    table: 'pipeline_stages',
    arrange: async (n) => ({ url: `/api/v1/pipeline-stages/${await made('/api/v1/pipeline-stages', stage(n))}`, body: { probability: 20 } }),
  },
  'DELETE /api/v1/pipeline-stages/{id}': { kind: 'role', may: ADMINS, ok: 204, table: 'pipeline_stages', arrange: async (n) => ({ url: `/api/v1/pipeline-stages/${await made('/api/v1/pipeline-stages', stage(n))}` }) },
  'POST /api/v1/pipeline-stages/{id}/restore': {
    kind: 'role',
    may: ADMINS,
    ok: 200,
    table: 'pipeline_stages',
    arrange: async (n) => ({ url: `/api/v1/pipeline-stages/${await madeAndBinned('/api/v1/pipeline-stages', stage(n))}/restore` }),
  },
  'POST /api/v1/teams': { kind: 'role', may: ADMINS, ok: 201, table: 'teams', arrange: async (n) => ({ url: '/api/v1/teams', body: team(n) }) },
  'PATCH /api/v1/teams/{id}': { kind: 'role', may: ADMINS, ok: 200, table: 'teams', arrange: async (n) => ({ url: `/api/v1/teams/${await made('/api/v1/teams', team(n))}`, body: { name: `Renamed team ${n}` } }) },
  'DELETE /api/v1/teams/{id}': { kind: 'role', may: ADMINS, ok: 204, table: 'teams', arrange: async (n) => ({ url: `/api/v1/teams/${await made('/api/v1/teams', team(n))}` }) },
  'POST /api/v1/users': { kind: 'role', may: ADMINS, ok: 201, table: 'users', arrange: async (n) => ({ url: '/api/v1/users', body: user(n) }) },
  'PATCH /api/v1/users/{id}': { kind: 'role', may: ADMINS, ok: 200, table: 'users', arrange: async (n) => ({ url: `/api/v1/users/${await made('/api/v1/users', user(n))}`, body: { name: `Renamed ${n}` } }) },
  'POST /api/v1/users/{id}/password': {
    kind: 'role',
    may: ADMINS,
    ok: 204,
    table: 'users',
    arrange: async (n) => ({ url: `/api/v1/users/${await made('/api/v1/users', user(n))}/password`, body: { password: 'a long enough password' } }),
  },
  'POST /api/v1/users/{id}/reset-link': {
    kind: 'role',
    may: ADMINS,
    ok: 201,
    table: 'password_resets',
    arrange: async (n) => ({ url: `/api/v1/users/${await made('/api/v1/users', user(n))}/reset-link` }),
  },
  'PATCH /api/v1/settings/pool': { kind: 'role', may: ADMINS, ok: 200, table: 'settings', arrange: async () => ({ url: '/api/v1/settings/pool', body: { returnAfterDays: null } }) },
  'PATCH /api/v1/settings/time-zone': { kind: 'role', may: ADMINS, ok: 200, table: 'settings', arrange: async () => ({ url: '/api/v1/settings/time-zone', body: { utcOffset: 480 } }) },
};

/** Per-customer analyses: their lists hold exactly the visible customers (every fixture customer has an order). */
const analysed = (body: { items?: Array<{ customerId: number }> }) => (body.items ?? []).map((i) => `customer:${i.customerId}`);
/** A segment every fixture customer belongs to, made in beforeAll. */
let everyMatrixco = 0;

const ROUTES: Record<string, Probe> = {
  'GET /api/v1/analytics/rfm': { kind: 'list', url: '/api/v1/analytics/rfm?limit=1000', keys: analysed, expected: own('customer') },
  'GET /api/v1/analytics/abc': { kind: 'list', url: '/api/v1/analytics/abc?limit=1000', keys: analysed, expected: own('customer') },
  'GET /api/v1/analytics/clv': { kind: 'list', url: '/api/v1/analytics/clv?limit=1000', keys: analysed, expected: own('customer') },
  'GET /api/v1/analytics/churn': { kind: 'list', url: '/api/v1/analytics/churn?limit=1000', keys: analysed, expected: own('customer') },
  'GET /api/v1/segments/{id}/members': {
    kind: 'list',
    get url() {
      return `/api/v1/segments/${everyMatrixco}/members?limit=200`;
    },
    keys: ids('customer'),
    expected: own('customer'),
  },
  'GET /api/v1/customers': { kind: 'list', url: '/api/v1/customers?limit=200', keys: ids('customer'), expected: own('customer') },
  'GET /api/v1/customers/{id}': { kind: 'read', url: (f) => `/api/v1/customers/${f.customer}` },
  'GET /api/v1/customers/{id}/history': { kind: 'read', url: (f) => `/api/v1/customers/${f.customer}/history` },
  'GET /api/v1/analytics/customers/{id}/profile': { kind: 'read', url: (f) => `/api/v1/analytics/customers/${f.customer}/profile` },
  'GET /api/v1/customers/{id}/access': { kind: 'read', url: (f) => `/api/v1/customers/${f.customer}/access` },
  'GET /api/v1/customers/{id}/shares': { kind: 'read', url: (f) => `/api/v1/customers/${f.customer}/shares` },
  'GET /api/v1/contacts/access': {
    kind: 'list',
    get url() {
      return `/api/v1/contacts/access?ids=${Object.values(world.fixtures).map((f) => f.contact).join(',')}`;
    },
    keys: ids('contact'),
    expected: own('contact'),
  },
  ...Object.fromEntries(
    (['deal', 'task'] as const).map((entity) => [
      `GET /api/v1/${PATH[entity]}/access`,
      {
        kind: 'list',
        get url() {
          return `/api/v1/${PATH[entity]}/access?ids=${Object.values(world.fixtures).map((f) => f[entity]).join(',')}`;
        },
        keys: ids(entity),
        expected: own(entity),
      },
    ]),
  ),
  'GET /api/v1/search': { kind: 'list', url: '/api/v1/search?q=Matrixco', keys: (b) => (b.items ?? []).map((i) => `${i.type}:${i.id}`), expected: own('customer') },
  'GET /api/v1/lookup/phone/{number}': { kind: 'read', url: (f) => `/api/v1/lookup/phone/${f.phone}` },
  'GET /api/v1/data-quality': {
    kind: 'list',
    url: '/api/v1/data-quality?sample=100',
    keys: (b) => ((b as unknown as { checks: Array<{ key: string; sample: Array<{ id: number }> }> }).checks.find((c) => c.key === 'no_city')?.sample ?? []).map((s) => `customer:${s.id}`),
    expected: own('customer'),
  },
  'GET /api/v1/customers/{id}/duplicates': { kind: 'read', url: (f) => `/api/v1/customers/${f.customer}/duplicates` },
  'GET /api/v1/exports/customers': { kind: 'list', url: '/api/v1/exports/customers?format=csv', keys: exported('customer'), expected: own('customer') },
  'GET /api/v1/exports/contacts': { kind: 'list', url: '/api/v1/exports/contacts?format=csv', keys: exported('contact'), expected: own('contact') },
  ...Object.fromEntries(
    CHILDREN.flatMap(([path, entity]) => [
      [`GET /api/v1/${path}`, { kind: 'list', url: `/api/v1/${path}?limit=200`, keys: ids(entity), expected: own(entity) }],
      [`GET /api/v1/${path}/{id}`, { kind: 'read', url: (f: Fixture) => `/api/v1/${path}/${f[entity]}` }],
      ...(entity === 'task' ? [] : [[`GET /api/v1/customers/{id}/${path}`, { kind: 'read', url: (f: Fixture) => `/api/v1/customers/${f.customer}/${path}` }]]),
    ]),
  ),
  ...CUSTOMER_WRITES,
  ...CHILD_WRITES,
  ...ROLE_WRITES,
};

const EXEMPT: Record<string, string> = {
  'POST /api/v1/customers': 'creates a new customer, owned by its creator: nobody else’s data (assigning another owner: customers test)',
  'GET /api/v1/customers/{id}/sensitive': 'admins only, refused to every other role before any lookup (sensitive-fields test)',
  'POST /api/v1/customers/transfer': 'bulk; tested below ("transfer")',
  'GET /api/v1/recycle-bin': 'lists deleted records only; restoring each is in ROUTES',
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
  'POST /api/v1/imports': 'updating matched records: tested below ("an import"); creates records owned by the importer (imports test)',
  'POST /api/v1/imports/preview': 'reads the uploaded file only; the sample dry run matches like an import (imports test)',
  'GET /api/v1/imports': 'jobs are their starter’s, admins see all (imports test)',
  'GET /api/v1/imports/{id}': 'the starter’s or an admin’s; 404 to others (imports test)',
  'GET /api/v1/imports/{id}/errors.csv': 'the rejected rows of one’s own job; 404 to others (imports test)',
  'POST /api/v1/imports/{id}/revert': 'one’s own job only, and only records one may still change (imports test)',
  'POST /api/v1/auth/login': 'signs in; throttled (auth test)',
  'POST /api/v1/auth/reset-password': 'public: sets a password only with a live one-time link an admin made (password-reset test)',
  'POST /api/v1/auth/reset-password/check': 'public: names the user of a live one-time link only (password-reset test)',
  'POST /api/v1/auth/logout': 'ends the caller’s own session (auth test)',
  'DELETE /api/v1/auth/sessions/{id}': 'the caller’s own sessions only (auth test)',
  'POST /api/v1/auth/sessions/revoke-all': 'the caller’s own sessions only (auth test)',
  'POST /api/v1/auth/password': 'the caller’s own password, with the current one (auth test)',
  'POST /api/v1/auth/totp/setup': 'the caller’s own second factor (totp test)',
  'POST /api/v1/auth/totp/enable': 'the caller’s own second factor (totp test)',
  'POST /api/v1/auth/totp/disable': 'the caller’s own second factor (totp test)',
  'POST /api/v1/tokens': 'the caller’s own API tokens; a read-only token makes none (tokens test)',
  'DELETE /api/v1/tokens/{id}': 'the caller’s own API tokens, an admin’s any (tokens test)',
  'POST /api/v1/tokens/revoke-all': 'the caller’s own API tokens only, for every role; a read-only token revokes none (tokens test)',
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
  'GET /api/v1/analytics/cohorts': 'counts, not records; tested below ("analytics")',
  'GET /api/v1/analytics/forecast': 'sums of deals, not records; tested below ("analytics")',
  'GET /api/v1/analytics/lifecycle': 'counts, not records; tested below ("analytics")',
  'GET /api/v1/analytics/revenue': 'sums of orders, not records; tested below ("analytics")',
  'POST /api/v1/analytics/abc/apply': 'writes the level of customers one may change only, counting the rest (analytics-api test)',
  'POST /api/v1/analytics/churn/tasks': 'makes tasks on customers one may change only, counting the rest (clv-churn test)',
  'GET /api/v1/segments': 'saved filters, no customer data; their members are the row above',
  'POST /api/v1/segments': 'saves a filter, no customer data; refused to read-only roles (segments-api test)',
  'GET /api/v1/segments/{id}': 'a filter, no customer data',
  'PATCH /api/v1/segments/{id}': 'its author or an admin only (segments-api test)',
  'DELETE /api/v1/segments/{id}': 'its author or an admin only (segments-api test)',
  'POST /api/v1/segments/preview': 'counts and samples only visible customers, through the same compiled filter as members (segments-api test)',
};
/** Reads that hold no customer data; every write of these families is in ROUTES or EXEMPT all the same. */
const NO_CUSTOMER_DATA = /^\/api\/v1\/(auth|tags|custom-fields|pipeline-stages|openapi|teams|users|settings|tokens)\b/;

/** The answer to a write an actor may not be refused for lack of sight or of the right to write. */
function expectedWrite(probe: WriteProbe, who: Who, owner: Owner): number {
  if (READ_ONLY.includes(who)) return 403; // refused before any lookup: the same whether the record exists or not
  if (!sees(who, owner)) return 404;
  if (probe.expect) return probe.expect(who, owner);
  return writes(who, owner) ? probe.ok : 403;
}

/**
 * The answer to a move of `owner`'s record to `target`'s customer (null: detached). A detached
 * task is its assignee's and creator's (the fixture's owner, or the admin for the pool's).
 */
function expectedMove(entity: Child, who: Who, owner: Owner, target: Owner | null): number {
  if (READ_ONLY.includes(who)) return 403;
  if (!sees(who, owner)) return 404;
  if (!writes(who, owner)) return 403;
  if (target === null) return entity === 'task' && who !== 'admin' && who !== owner ? 403 : 200;
  if (!sees(who, target)) return 400; // "customer … does not exist": nothing leaks
  return writes(who, target) ? 200 : 403;
}

forEachDialect('access matrix', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const userIds = {} as Record<Who | 'spare', number>;
  const fixtures = {} as Record<Owner, Fixture>;
  let counter = 0;

  const call = (who: Who, method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    api.call(method, url, body, {}, tokens[who]);
  const created = async (who: Who, url: string, body: unknown): Promise<number> => {
    const res = await call(who, 'POST', url, body);
    expect(res.statusCode, `${url} ${res.body}`).toBe(201);
    return res.json().id;
  };
  /** The rows as stored, to compare before and after a refused write. */
  const stored = async (touches: Touch[]): Promise<string> =>
    JSON.stringify(
      await Promise.all(
        touches.map(([table, column, value]) =>
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of the tables a probe names
          (api.deps.db as any).selectFrom(table).selectAll().where(column, '=', value).orderBy(column === 'id' ? 'id' : sqlOrder(table)).execute(),
        ),
      ),
    );
  const sqlOrder = (table: keyof Schema) => (table === 'customer_tags' ? 'tag_id' : 'id');
  const wholeTable = async (table: keyof Schema): Promise<string> =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of the tables a probe names
    JSON.stringify(await (api.deps.db as any).selectFrom(table).selectAll().execute());

  async function seed(who: Who, owner: Owner, phone: string, stageId: number, name = `Matrixco ${owner}`): Promise<Fixture> {
    const customer = await created(who, '/api/v1/customers', { kind: 'company', name, phones: [{ value: phone }], ...(owner === 'pool' ? { ownerId: null } : {}) });
    const f = { owner, customer } as Fixture;
    f.contact = await created(who, '/api/v1/contacts', { name: `Person ${name}`, customerId: customer });
    f.deal = await created(who, '/api/v1/deals', { title: `Deal ${name}`, customerId: customer, stageId });
    f.order = await created(who, '/api/v1/orders', { customerId: customer, orderedAt: '2026-01-10T10:00:00Z', items: [item] });
    f.interaction = await created(who, '/api/v1/interactions', { customerId: customer, type: 'call' });
    f.task = await created(who, '/api/v1/tasks', { title: `Task ${name}`, customerId: customer });
    f.phone = phone;
    f.stage = stageId;
    return f;
  }

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    tokens.admin = api.token;
    const users = [['manager', 'manager'], ['a', 'sales'], ['b', 'sales'], ['c', 'sales'], ['viewer', 'viewer'], ['r', 'sales'], ['w', 'sales'], ['spare', 'sales']] as const;
    for (const [who, role] of users) {
      const user = await api.userToken(role, `matrix-${who}-${db().name}@example.com`);
      if (who !== 'spare') tokens[who] = user.token;
      userIds[who] = user.userId;
    }
    tokens.ro = (await createToken(api.deps, { email: `matrix-a-${db().name}@example.com`, scope: 'read' }, null)).token;
    userIds.ro = userIds.a;
    const now = api.clock.now().toISOString();
    const team = async (name: string, managerId: number | null, parentId: number | null) =>
      (await api.deps.db.insertInto('teams').values({ name, manager_id: managerId, parent_id: parentId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    const parent = await team(`T ${db().name}`, userIds.manager, null);
    const child = await team(`T-child ${db().name}`, null, parent);
    const other = await team(`U ${db().name}`, null, null);
    const join = (who: Who, teamId: number) => api.deps.db.updateTable('users').set({ team_id: teamId }).where('id', '=', userIds[who]).execute();
    // b sits in a child team of T: the manager of T sees child teams too. r and w are outside T.
    await Promise.all([join('manager', parent), join('a', parent), join('b', child), join('viewer', parent), join('c', other), join('r', other), join('w', other)]);
    const stageId = (await call('admin', 'GET', '/api/v1/pipeline-stages')).json().items[0].id;
    fixtures.a = await seed('a', 'a', '13800000001', stageId);
    fixtures.b = await seed('b', 'b', '13800000002', stageId);
    fixtures.c = await seed('c', 'c', '13800000003', stageId);
    fixtures.pool = await seed('admin', 'pool', '13800000009', stageId);
    for (const owner of OWNERS) {
      for (const [who, access] of [['r', 'read'], ['w', 'write']] as const) {
        const res = await call('admin', 'POST', `/api/v1/customers/${fixtures[owner].customer}/shares`, { userId: userIds[who], access });
        expect(res.statusCode, res.body).toBe(201);
      }
    }
    everyMatrixco = await created('admin', '/api/v1/segments', { name: 'Every Matrixco', filter: { op: 'and', conditions: [{ field: 'name', operator: 'startsWith', value: 'Matrixco' }] } });
    Object.assign(world, { api, tokens, userIds, fixtures, call });
  });

  it('covers every /api/v1 route that changes data or reads customer data: in the matrix or exempt with a reason', async () => {
    const paths = (await call('admin', 'GET', '/api/v1/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
    const unlisted = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .map((method) => `${method.toUpperCase()} ${path}`)
        .filter((key) => path.startsWith('/api/v1/') && !(key.startsWith('GET ') && NO_CUSTOMER_DATA.test(path)) && !(key in ROUTES) && !(key in EXEMPT)),
    );
    expect(unlisted, 'add these routes to ROUTES (or EXEMPT, with a reason) in test/api/access-matrix.test.ts').toEqual([]);
    const stale = [...Object.keys(ROUTES), ...Object.keys(EXEMPT)].filter((key) => !paths[key.split(' ')[1]!]?.[key.split(' ')[0]!.toLowerCase()]);
    expect(stale, 'routes in the matrix that no longer exist').toEqual([]);
  });

  async function probeList(probe: ListProbe, who: Who, method: Method): Promise<void> {
    const res = await call(who, method, probe.url);
    expect(res.statusCode, res.body).toBe(200);
    const keys = probe.keys(String(res.headers['content-type']).includes('json') ? res.json() : { text: res.body });
    for (const owner of OWNERS) {
      for (const key of probe.expected(fixtures[owner])) {
        expect(keys.includes(key), `${who} ${sees(who, owner) ? 'must' : 'must not'} find ${owner}'s ${key}`).toBe(sees(who, owner));
      }
    }
  }

  async function probeRead(route: string, probe: ReadProbe, who: Who, method: Method): Promise<void> {
    for (const owner of OWNERS) {
      const f = fixtures[owner];
      const res = await call(who, method, probe.url(f));
      const label = `${who} on ${owner}'s record: ${res.body}`;
      if (route.startsWith('GET /api/v1/lookup')) {
        expect(res.statusCode).toBe(200);
        const found = (res.json().matches as Array<{ type: string; id: number }>).some((m) => m.type === 'customer' && m.id === f.customer);
        expect(found, label).toBe(sees(who, owner));
      } else expect(res.statusCode, label).toBe(sees(who, owner) ? 200 : 404);
    }
  }

  async function probeWrite(probe: WriteProbe, who: Who, method: Method): Promise<void> {
    for (const owner of OWNERS) {
      const f = fixtures[owner];
      await probe.arrange?.(f);
      const before = await stored(probe.touches(f));
      const res = await call(who, method, probe.url(f), probe.body?.(f));
      const status = expectedWrite(probe, who, owner);
      expect(res.statusCode, `${who} on ${owner}'s record: ${res.body}`).toBe(status);
      if (status >= 400) expect(await stored(probe.touches(f)), `${who} was refused on ${owner}'s record, which must not change`).toBe(before);
      await probe.reset?.(f, res);
    }
  }

  async function probeCreate(probe: CreateProbe, who: Who): Promise<void> {
    const path = PATH[probe.entity];
    for (const owner of OWNERS) {
      const f = fixtures[owner];
      const under: Touch = [TABLE[probe.entity], 'customer_id', f.customer];
      const before = await stored([under]);
      const res = await call(who, 'POST', `/api/v1/${path}`, probe.body(f));
      const label = `${who} creates under ${owner}'s customer: ${res.body}`;
      if (writes(who, owner) && !READ_ONLY.includes(who)) {
        expect(res.statusCode, label).toBe(201);
        expect((await call('admin', 'DELETE', `/api/v1/${path}/${res.json().id}`)).statusCode).toBe(204);
        continue;
      }
      expect(res.statusCode, label).toBe(sees(who, owner) || READ_ONLY.includes(who) ? 403 : 400);
      if (res.statusCode === 400) expect(res.json().errors[0].field).toBe('customerId');
      expect(await stored([under]), `${who} was refused; ${owner}'s customer must have no new ${probe.entity}`).toBe(before);
    }
  }

  async function probeRole(probe: RoleProbe, who: Who, method: Method): Promise<void> {
    const target = await probe.arrange(++counter);
    const before = await wholeTable(probe.table);
    const res = await call(who, method, target.url, target.body);
    const allowed = probe.may.includes(who) && !READ_ONLY.includes(who);
    expect(res.statusCode, `${who}: ${res.body}`).toBe(allowed ? probe.ok : 403);
    if (!allowed) expect(await wholeTable(probe.table), `${who} was refused; ${probe.table} must not change`).toBe(before);
  }

  for (const [route, probe] of Object.entries(ROUTES)) {
    describe(route, () => {
      for (const who of ACTORS) {
        it(`as ${who}`, async () => {
          const method = route.split(' ')[0] as Method;
          if (probe.kind === 'list') await probeList(probe, who, method);
          if (probe.kind === 'read') await probeRead(route, probe, who, method);
          if (probe.kind === 'write') await probeWrite(probe, who, method);
          if (probe.kind === 'create') await probeCreate(probe, who);
          if (probe.kind === 'role') await probeRole(probe, who, method);
        });
      }
    });
  }

  for (const [path, entity] of CHILDREN) {
    const detachable = entity === 'contact' || entity === 'task';
    describe(`PATCH /api/v1/${path}/{id} moving it to another customer${detachable ? ' or to none' : ''}`, () => {
      for (const who of ACTORS) {
        it(`as ${who}: needs both customers writable`, async () => {
          for (const owner of OWNERS) {
            const f = fixtures[owner];
            const targets: Array<Owner | null> = [...OWNERS.filter((o) => o !== owner), ...(detachable ? [null] : [])];
            for (const target of targets) {
              const customerId = target === null ? null : fixtures[target].customer;
              const before = await stored([rowOf(entity, f)]);
              const res = await call(who, 'PATCH', `/api/v1/${path}/${f[entity]}`, { customerId });
              const status = expectedMove(entity, who, owner, target);
              const label = `${who} moves ${owner}'s ${entity} to ${target ?? 'no customer'}: ${res.body}`;
              expect(res.statusCode, label).toBe(status);
              if (status === 400) expect(res.json().errors[0].field, label).toBe('customerId');
              if (status !== 200) {
                expect(await stored([rowOf(entity, f)]), `${label}: refused, so it must stay where it was`).toBe(before);
                continue;
              }
              expect((await call('admin', 'GET', `/api/v1/${path}/${f[entity]}`)).json().customerId, label).toBe(customerId);
              const back = await call('admin', 'PATCH', `/api/v1/${path}/${f[entity]}`, { customerId: f.customer });
              expect(back.statusCode, back.body).toBe(200);
            }
          }
        });
      }
    });
  }

  it('an import that updates matched customers changes only those the importer may change', async () => {
    const imports: Array<{ who: Who; id: number }> = [];
    const csv = OWNERS.map((owner) => `Matrixco ${owner},${fixtures[owner].phone},Importcity`).join('\n');
    for (const who of ACTORS) {
      const before = Object.fromEntries(await Promise.all(OWNERS.map(async (o) => [o, await stored([rowOf('customer', fixtures[o])])] as const)));
      const city = `City of ${who}`;
      const res = await upload(who, `Name,Mobile,City\n${csv.replaceAll('Importcity', city)}\n`, { onDuplicate: 'update', updateMode: 'overwrite' });
      if (READ_ONLY.includes(who)) {
        expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
      } else {
        expect(res.statusCode, `${who}: ${res.body}`).toBe(202);
        const job = await finished(who, res.json().id);
        expect(job.counts.updated, `${who}: ${JSON.stringify(job)}`).toBe(WRITES[who].length);
        // A customer one sees but may not change is refused; one out of sight is none of one's business: the row is one's own new customer (nothing tells of the other).
        expect(job.counts.created, `${who} copies only customers it cannot see`).toBe(OWNERS.filter((o) => !sees(who, o)).length);
        expect(JSON.stringify(job.errors), `${who} learns nothing of customers it cannot see`).not.toMatch(/Matrixco (a|b|c|pool)/);
        imports.push({ who, id: job.id });
      }
      for (const owner of OWNERS) {
        const now = (await call('admin', 'GET', `/api/v1/customers/${fixtures[owner].customer}`)).json();
        if (writes(who, owner) && !READ_ONLY.includes(who)) {
          expect(now.city, `${who} may update ${owner}'s customer`).toBe(city);
          expect((await call('admin', 'PATCH', `/api/v1/customers/${fixtures[owner].customer}`, { city: null })).statusCode).toBe(200);
        } else expect(await stored([rowOf('customer', fixtures[owner])]), `${who} may not update ${owner}'s customer`).toBe(before[owner]);
      }
      // The copies go again, so that later counts see the fixtures only.
      for (const { id } of imports.splice(0)) {
        const copies = (await call('admin', 'GET', `/api/v1/imports/${id}`)).json().counts.created;
        if (copies > 0) expect((await call('admin', 'POST', `/api/v1/imports/${id}/revert`)).statusCode).toBeLessThan(300);
      }
    }
  });

  /** A CSV uploaded as a browser sends it. */
  function upload(who: Who, text: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const boundary = `----matrix${++counter}`;
    const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="matrix.csv"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`);
    return api.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: Buffer.from(parts.join(''), 'utf8'),
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }

  async function finished(who: Who, id: number): Promise<{ id: number; status: string; counts: Record<string, number>; errors: unknown[] }> {
    for (let i = 0; i < 500; i++) {
      const job = (await call(who, 'GET', `/api/v1/imports/${id}`)).json();
      if (job.status !== 'queued' && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`import ${id} did not finish`);
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

  it('analytics: cohorts, the forecast and the lifecycle count only what each viewer may see', async () => {
    for (const who of ACTORS) {
      const visible = SEES[who].length;
      const cohorts = (await call(who, 'GET', '/api/v1/analytics/cohorts')).json();
      expect(cohorts.cohorts.reduce((sum: number, c: { customers: number }) => sum + c.customers, 0), `${who}'s cohorts`).toBe(visible);
      const forecast = (await call(who, 'GET', '/api/v1/analytics/forecast')).json();
      expect(forecast.months.reduce((sum: number, m: { deals: number }) => sum + m.deals, 0), `${who}'s forecast`).toBe(visible);
      const lifecycle = (await call(who, 'GET', '/api/v1/analytics/lifecycle')).json();
      expect(lifecycle.stages.reduce((sum: number, s: { current: number }) => sum + s.current, 0), `${who}'s lifecycle`).toBe(visible);
      const revenue = (await call(who, 'GET', '/api/v1/analytics/revenue?from=2026-01-01&to=2026-01-31')).json();
      expect(revenue.currencies.reduce((sum: number, c: { orders: number }) => sum + c.orders, 0), `${who}'s revenue`).toBe(visible);
      const file = await call(who, 'GET', '/api/v1/analytics/rfm?format=csv');
      expect(file.body.trim().split('\r\n').length - 1, `${who}'s RFM file`).toBe(visible);
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

  it('GET /customers/{id}/access says write exactly where the write rule lets the caller change the customer', async () => {
    for (const who of ACTORS) {
      for (const owner of OWNERS.filter((o) => sees(who, o))) {
        const res = await call(who, 'GET', `/api/v1/customers/${fixtures[owner].customer}/access`);
        expect(res.json(), `${who} on ${owner}'s customer`).toEqual({ access: writes(who, owner) ? 'write' : 'read' });
      }
    }
  });

  it('GET /deals/access and /tasks/access say write exactly where the write rule lets the caller change the record', async () => {
    for (const entity of ['deal', 'task'] as const) {
      for (const who of ACTORS) {
        const res = await call(who, 'GET', `/api/v1/${PATH[entity]}/access?ids=${OWNERS.map((o) => fixtures[o][entity]).join(',')}`);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().items, `${who}'s ${entity}s`).toEqual(OWNERS.filter((o) => sees(who, o)).map((o) => ({ id: fixtures[o][entity], access: writes(who, o) ? 'write' : 'read' })));
      }
    }
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
    const mine = await seed('a', 'a', '13811110001', fixtures.a.stage, 'Shareco a');
    const theirs = await seed('b', 'b', '13811110002', fixtures.a.stage, 'Shareco b');
    const personal = await created('b', '/api/v1/tasks', { title: 'b’s own task' });
    expect((await call('a', 'POST', `/api/v1/customers/${mine.customer}/shares`, { userId: userIds.b, access: 'read' })).statusCode).toBe(201);
    // who has it, and how, for the owner and for the colleague alike (walk13: nobody could see a share once made)
    const shares = async (who: Who) => (await call(who, 'GET', `/api/v1/customers/${mine.customer}/shares`)).json().items;
    expect(await shares('a')).toEqual([{ customerId: mine.customer, userId: userIds.b, teamId: null, access: 'read' }]);
    expect(await shares('b')).toEqual(await shares('a'));
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
    expect((await call('b', 'PATCH', `/api/v1/tasks/${personal}`, { customerId: mine.customer })).statusCode, 'b pushes a task of no customer into a’s').toBe(403);
    expect((await call('b', 'PATCH', `/api/v1/customers/${mine.customer}`, { tags: ['mine now'] })).statusCode).toBe(403);
    const merge = await call('b', 'POST', '/api/v1/merges', { entity: 'customers', survivorId: theirs.customer, mergedId: mine.customer });
    expect(merge.statusCode, merge.body).toBe(403);
    expect(await snapshot(), 'a still sees every record where it was').toBe(before);

    expect((await call('a', 'POST', `/api/v1/customers/${mine.customer}/shares`, { userId: userIds.b, access: 'write' })).statusCode).toBe(201);
    expect(await shares('a')).toEqual([{ customerId: mine.customer, userId: userIds.b, teamId: null, access: 'write' }]);
    const moved = await call('b', 'PATCH', `/api/v1/deals/${mine.deal}`, { customerId: theirs.customer });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await call('a', 'GET', `/api/v1/deals/${mine.deal}`)).statusCode).toBe(404);
  });

  it('transfer: a manager within the team, all or none; reps may not; an admin anywhere', async () => {
    const transfer = (who: Who, ids: number[], ownerId: number) => call(who, 'POST', '/api/v1/customers/transfer', { ids, ownerId });
    const before = await stored([rowOf('customer', fixtures.a)]);
    for (const who of ['a', 'w', 'r', 'viewer', 'ro'] as const) expect((await transfer(who, [fixtures.a.customer], userIds.b)).statusCode, who).toBe(403);
    expect(await stored([rowOf('customer', fixtures.a)]), 'refused transfers change nothing').toBe(before);
    // the same rule on every road that names an owner: a manager gives within the team tree only
    const given = await call('manager', 'PATCH', `/api/v1/customers/${fixtures.a.customer}`, { ownerId: userIds.c });
    expect(given.statusCode, given.body).toBe(400);
    expect(given.json().errors[0]).toEqual({ field: 'ownerId', message: `user ${userIds.c} is not in your team`, code: 'customer.owner_not_in_team', params: { id: userIds.c } });
    expect((await call('manager', 'POST', '/api/v1/customers', { kind: 'company', name: 'Given away', ownerId: userIds.c })).statusCode).toBe(400);
    expect((await call('w', 'PATCH', `/api/v1/customers/${fixtures.a.customer}`, { ownerId: userIds.w })).statusCode, 'a write share edits, it does not take').toBe(403);
    expect(await stored([rowOf('customer', fixtures.a)])).toBe(before);
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
    for (const who of BY_OWNERSHIP) {
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

  it('merges by share level: a read share may not merge, undo or dismiss; a write share may', async () => {
    const make = async (name: string) => {
      const id = await created('a', '/api/v1/customers', { kind: 'company', name });
      for (const [who, access] of [['r', 'read'], ['w', 'write']] as const) expect((await call('a', 'POST', `/api/v1/customers/${id}/shares`, { userId: userIds[who], access })).statusCode).toBe(201);
      return id;
    };
    const [x, y] = [await make('Sharemerge x'), await make('Sharemerge y')];
    const [p, q] = [await created('a', '/api/v1/contacts', { name: 'Sharemerge p', customerId: x }), await created('a', '/api/v1/contacts', { name: 'Sharemerge q', customerId: x })];
    const touches: Touch[] = [['customers', 'id', x], ['customers', 'id', y], ['contacts', 'id', p], ['contacts', 'id', q]];
    const before = await stored(touches);
    const now = api.clock.now().toISOString();
    const pair = await api.deps.db
      .insertInto('duplicate_pairs')
      .values({ entity: 'customers', a_id: x, b_id: y, score: 900, reasons: '[]', cluster_id: x, status: 'open', found_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const entity of ['customers', 'contacts'] as const) {
      const [survivorId, mergedId] = entity === 'customers' ? [x, y] : [p, q];
      const refused = await call('r', 'POST', '/api/v1/merges', { entity, survivorId, mergedId });
      expect(refused.statusCode, refused.body).toBe(403);
    }
    expect((await call('r', 'POST', `/api/v1/duplicates/${pair.id}/dismiss`)).statusCode).toBe(403);
    expect(await stored(touches), 'a read share merged nothing').toBe(before);
    expect((await call('w', 'POST', `/api/v1/duplicates/${pair.id}/dismiss`)).statusCode).toBe(200);
    expect((await call('w', 'POST', `/api/v1/duplicates/${pair.id}/reopen`)).statusCode).toBe(200);
    for (const entity of ['customers', 'contacts'] as const) {
      const [survivorId, mergedId] = entity === 'customers' ? [x, y] : [p, q];
      const merged = await call('w', 'POST', '/api/v1/merges', { entity, survivorId, mergedId });
      expect(merged.statusCode, merged.body).toBe(201);
      expect((await call('r', 'POST', `/api/v1/merges/${merged.json().id}/undo`, {})).statusCode).toBe(403);
      expect((await call('w', 'POST', `/api/v1/merges/${merged.json().id}/undo`, {})).statusCode).toBe(200);
    }
  });
});
