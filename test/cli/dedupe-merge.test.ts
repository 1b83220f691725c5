import { beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createInteraction } from '../../src/core/interactions/create-interaction.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

forEachDialect('kehu dedupe --merge-above, kehu merges', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  let ctx: Ctx;
  let ids: { zhang: number; wei: number; other: number };

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const user = await createUser(deps, { email: `cli-merge-${db().name}@example.com`, name: 'Admin', role: 'admin' }, null);
    ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    const zhang = await createCustomer(ctx, { kind: 'person', name: '张伟', phones: [{ value: '+86 138 1234 5678' }] });
    deps.clock.advance(1000);
    const wei = await createCustomer(ctx, { kind: 'person', name: 'Zhang Wei', phones: [{ value: '13812345678' }], emails: [{ value: 'zw@example.com' }] });
    const other = await createCustomer(ctx, { kind: 'company', name: '北方重工', phones: [{ value: '13900000000' }] });
    await createInteraction(ctx, { customerId: zhang.id, type: 'call', subject: 'first call' });
    await createInteraction(ctx, { customerId: wei.id, type: 'email', subject: 'second contact' });
    ids = { zhang: zhang.id, wei: wei.id, other: other.id };
  });

  const interactionsOf = async (customerId: number) =>
    (await db().db.selectFrom('interactions').select('subject').where('customer_id', '=', customerId).orderBy('id').execute()).map((r) => r.subject);

  it('refuses a score below 0.5 before touching anything', async () => {
    const run = await kehu(['dedupe', '--merge-above', '0.3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--merge-above');
  });

  it('finds 张伟 and Zhang Wei as one person, merges them into the older record and keeps both histories', async () => {
    const run = await kehu(['dedupe', '--merge-above', '0.9', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.merge).toMatchObject({ clusters: 1, merged: 1, skipped: 0 });
    const rows = await db().db.selectFrom('customers').select(['id', 'deleted_at']).where('id', 'in', [ids.zhang, ids.wei, ids.other]).orderBy('id').execute();
    expect(rows.map((r) => r.deleted_at === null)).toEqual([true, false, true]);
    expect(await interactionsOf(ids.zhang)).toEqual(['first call', 'second contact']);
    const emails = await db().db.selectFrom('contact_points').select('value').where('customer_id', '=', ids.zhang).where('kind', '=', 'email').execute();
    expect(emails.map((e) => e.value)).toEqual(['zw@example.com']);

    const mergeId = report.merge.mergeIds[0];
    const listed = await kehu(['merges', 'list', '--record', String(ids.wei), '--json']);
    expect(JSON.parse(listed.stdout).items.map((m: { id: number }) => m.id)).toEqual([mergeId]);
    const undone = await kehu(['merges', 'undo', String(mergeId)]);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain(`Merge ${mergeId} undone`);
    const again = await kehu(['merges', 'undo', String(mergeId)]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already undone');
    expect(await interactionsOf(ids.zhang)).toEqual(['first call']);
    expect(await interactionsOf(ids.wei)).toEqual(['second contact']);
    const pair = await db().db.selectFrom('duplicate_pairs').select('status').where('a_id', '=', ids.zhang).where('b_id', '=', ids.wei).executeTakeFirstOrThrow();
    expect(pair.status).toBe('open');
  });

  it('prints what it merged without --json', async () => {
    const run = await kehu(['dedupe', '--merge-above', '0.9']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Merged 1 records into 1 survivors');
    expect(run.stdout).toContain('/api/v1/merges/');
  });
});
