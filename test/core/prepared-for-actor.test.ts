import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { loadCustomer } from '../../src/core/customers/customers.repository.ts';
import { preparedForActor } from '../../src/core/db/prepared.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// Reading one customer runs a query compiled once per policy shape; these check that the
// compiled statement never carries one caller's ids over to the next.
forEachDialect('queries prepared for an actor', (db) => {
  let deps: Deps;
  const sales: Ctx[] = [];
  const owned: number[] = [];
  beforeAll(async () => {
    deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'prep-admin@example.com', name: 'Admin', role: 'admin' }, null);
    const adminCtx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    for (const n of [1, 2]) {
      const user = await createUser(deps, { email: `prep-sales${n}@example.com`, name: `Sales ${n}`, role: 'sales' }, admin.id);
      sales.push({ ...deps, actor: { userId: user.id, role: 'sales', teamId: null, teamIds: [], canWrite: true } });
      owned.push((await createCustomer(adminCtx, { kind: 'person', name: `客户${n}`, ownerId: user.id })).id);
    }
  });

  it('binds each caller’s own ids: two sales users of the same shape see only their own customer', async () => {
    const [first, second] = sales as [Ctx, Ctx];
    const [mine, theirs] = owned as [number, number];
    for (let round = 0; round < 2; round++) {
      expect((await loadCustomer(first, mine)).id).toBe(mine);
      await expect(loadCustomer(first, theirs)).rejects.toMatchObject({ code: 'not_found' });
      expect((await loadCustomer(second, theirs)).id).toBe(theirs);
      await expect(loadCustomer(second, mine)).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('refuses a query that writes an actor value into its SQL text instead of binding it', async () => {
    const inlined = preparedForActor([], ({ db }, _p, actor) => db.selectFrom('customers').select('id').where(sql<boolean>`owner_id = ${sql.lit(actor.userId)}`));
    await expect(inlined({ ...(sales[0] as Ctx) }, {})).rejects.toThrow(/inlined a parameter/);
  });
});
