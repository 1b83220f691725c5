import { testKeyring } from '../support/keyring.ts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, forEachDialect, type TestDatabase } from '../support/databases.ts';

const SLOW = 180_000;
const HAN = /\p{Script=Han}/u;

async function count(db: TestDatabase, table: 'customers' | 'contacts' | 'deals' | 'orders' | 'interactions' | 'tasks' | 'users'): Promise<number> {
  const row = await db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

forEachDialect('kehu seed --demo', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));

  it('rolls back everything when a customer cannot be written', { timeout: SLOW }, async () => {
    // An admin's required custom field, which demo customers do not fill in.
    const now = new Date().toISOString();
    await db().db.insertInto('custom_field_defs').values({ entity: 'customer', key: 'vat_no', label: 'VAT no.', type: 'text', options: null, required: true, is_unique: false, position: 0, created_at: now, updated_at: now, created_by: null, updated_by: null }).execute();
    const run = await kehu(['seed', '--demo', '--customers', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('custom.vat_no');
    expect(await count(db(), 'users')).toBe(0);
    expect(await count(db(), 'customers')).toBe(0);
    await db().db.deleteFrom('custom_field_defs').execute();
  });

  it('fills an empty workspace with a realistic demo', { timeout: SLOW }, async () => {
    const run = await kehu(['seed', '--demo', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ customers: 300, createdAdmin: 'demo-admin@demo.kehu', hasAdminWithPassword: false });
    expect(summary.createdUsers).toEqual(['manager@demo.kehu', 'rep1@demo.kehu', 'rep2@demo.kehu', 'rep3@demo.kehu']);
    for (const table of ['customers', 'contacts', 'deals', 'orders', 'interactions', 'tasks'] as const) {
      expect(await count(db(), table)).toBe(summary[table]);
    }
    expect(summary.contacts).toBeGreaterThan(200);
    expect(summary.orders).toBeGreaterThan(200);
  });

  it('mixes Chinese and Latin names, companies and persons, with polyphonic surnames read right', { timeout: SLOW }, async () => {
    const customers = await db().db.selectFrom('customers').select(['name', 'kind', 'name_pinyin', 'owner_id', 'stage', 'level', 'city', 'created_at']).execute();
    const contacts = await db().db.selectFrom('contacts').select(['name', 'name_pinyin', 'customer_id']).execute();
    const kinds = new Set(customers.map((c) => `${c.kind}:${HAN.test(c.name) ? 'han' : 'latin'}`));
    expect([...kinds].sort()).toEqual(['company:han', 'company:latin', 'person:han', 'person:latin']);
    expect(customers.some((c) => /^(北京|上海|深圳|杭州).+(科技|贸易|制造)有限公司$/.test(c.name))).toBe(true);
    const people = [...contacts, ...customers.filter((c) => c.kind === 'person')];
    for (const [surname, reading] of [['单', 'shan'], ['曾', 'zeng'], ['解', 'xie']]) {
      const found = people.filter((p) => p.name.startsWith(surname as string) && !p.name.startsWith('欧阳'));
      expect(found.length, surname).toBeGreaterThan(0);
      for (const p of found) expect(p.name_pinyin.startsWith(reading as string), p.name).toBe(true);
    }
    expect(new Set(customers.map((c) => c.stage))).toEqual(new Set(['lead', 'prospect', 'customer', 'churned', 'lost']));
    expect(new Set(customers.map((c) => c.level))).toEqual(new Set(['A', 'B', 'C', null]));
    expect(new Set(customers.map((c) => c.owner_id)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(customers.map((c) => c.city)).size).toBeGreaterThan(10);
    const ages = customers.map((c) => Date.now() - Date.parse(c.created_at));
    expect(Math.max(...ages)).toBeGreaterThan(365 * 86_400_000);
    expect(Math.min(...ages)).toBeGreaterThan(0);
  });

  it('gives contacts normalised mobile phones typed in mixed formats, and emails', { timeout: SLOW }, async () => {
    const phones = await db().db.selectFrom('contact_points').select(['value', 'raw']).where('kind', '=', 'phone').where('contact_id', 'is not', null).execute();
    const mobiles = phones.filter((p) => /^\+861[3-9]\d{9}$/.test(p.value));
    expect(mobiles.length).toBeGreaterThan(100);
    const shapes = new Set(mobiles.map((p) => p.raw.replace(/\d/g, '9').replace(/[\uff10-\uff19]/g, '９')));
    expect(shapes.size).toBeGreaterThanOrEqual(6);
    const emails = await db().db.selectFrom('contact_points').select('value').where('kind', '=', 'email').execute();
    expect(emails.length).toBeGreaterThan(200);
    expect(emails.every((e) => e.value.endsWith('.example'))).toBe(true);
  });

  it('spreads deals over the pipeline, with orders over two years, every kind of interaction and due tasks', { timeout: SLOW }, async () => {
    const now = Date.now();
    const deals = await db().db.selectFrom('deals').innerJoin('pipeline_stages as s', 's.id', 'deals.stage_id').select(['status', 's.name as stage', 'closed_at', 'amount']).execute();
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']));
    expect(new Set(deals.filter((d) => d.status === 'open').map((d) => d.stage)).size).toBeGreaterThanOrEqual(3);
    expect(deals.filter((d) => d.status !== 'open').every((d) => d.closed_at !== null)).toBe(true);

    const orders = await db().db.selectFrom('orders').select(['id', 'ordered_at', 'total', 'order_no', 'deal_id']).execute();
    const times = orders.map((o) => Date.parse(o.ordered_at));
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(now - Math.min(...times)).toBeGreaterThan(540 * 86_400_000);
    expect(now - Math.min(...times)).toBeLessThan(731 * 86_400_000);
    expect(orders.some((o) => o.deal_id !== null)).toBe(true);
    expect(new Set(orders.map((o) => o.order_no)).size).toBe(orders.length);
    const sums = await db().db.selectFrom('order_items').select(['order_id', sql<number>`sum(amount)`.as('sum')]).groupBy('order_id').execute();
    const totals = new Map(orders.map((o) => [o.id, Number(o.total)]));
    expect(sums).toHaveLength(orders.length);
    for (const s of sums) expect(Number(s.sum)).toBe(totals.get(s.order_id));

    const types = await db().db.selectFrom('interactions').select('type').distinct().execute();
    expect(types.map((t) => t.type).sort()).toEqual(['call', 'email', 'meeting', 'note', 'support', 'visit', 'wechat']);

    const tasks = await db().db.selectFrom('tasks').select(['done', 'due_at', 'done_at', 'assignee_id']).execute();
    const nowIso = new Date(now).toISOString();
    expect(tasks.filter((t) => !t.done && t.due_at !== null && t.due_at < nowIso).length).toBeGreaterThan(0);
    expect(tasks.filter((t) => t.done && t.done_at !== null).length).toBeGreaterThan(0);
    expect(tasks.filter((t) => !t.done && t.due_at !== null && t.due_at > nowIso).length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.assignee_id !== null)).toBe(true);
  });

  it('refuses to seed a workspace that holds customers unless forced', { timeout: SLOW }, async () => {
    const before = await count(db(), 'customers');
    const again = await kehu(['seed', '--demo']);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain(`the database already holds ${before} customers`);
    expect(again.stderr).toContain('--force');
    expect(await count(db(), 'customers')).toBe(before);

    const forced = await kehu(['seed', '--demo', '--customers', '4', '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ customers: 4, createdUsers: [], createdAdmin: null, actingAdmin: 'demo-admin@demo.kehu' });
    expect(await count(db(), 'customers')).toBe(before + 4);
  });

  it('prints a readable summary and rejects a bad --customers or a missing --demo', { timeout: SLOW }, async () => {
    const human = await kehu(['seed', '--demo', '--customers', '2', '--force']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/2 customers, \d+ contacts, \d+ deals, \d+ orders, \d+ interactions, \d+ tasks/);
    expect(human.stdout).toContain('No admin can sign in yet');
    const bad = await kehu(['seed', '--demo', '--customers', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--customers: must be a whole number');
    const bare = await kehu(['seed']);
    expect(bare.code).not.toBe(0);
    expect(bare.stderr).toContain("required option '--demo' not specified");
  });
});

describe('seedDemo', () => {
  it('is reproducible: the same seed and clock give the same workspace', { timeout: SLOW }, async () => {
    const snapshot = async () => {
      const database = await createTestDatabase('sqlite');
      try {
        const deps = { db: database.db, dialect: database.dialect, clock: new FakeClock('2026-06-01T00:00:00.000Z'), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
        await seedDemo(deps, { customers: 15, seed: 42 });
        const customers = await database.db.selectFrom('customers').select(['name', 'stage', 'city', 'created_at', 'owner_id']).orderBy('id').execute();
        const orders = await database.db.selectFrom('orders').select(['order_no', 'total', 'ordered_at']).orderBy('id').execute();
        return { customers, orders };
      } finally {
        await database.drop();
      }
    };
    const [first, second] = [await snapshot(), await snapshot()];
    expect(first.customers).toHaveLength(15);
    expect(second).toEqual(first);
  });
});
