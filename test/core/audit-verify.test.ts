import { testKeyring } from '../support/keyring.ts';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { updateCustomer } from '../../src/core/customers/update-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('audit verify', (db) => {
  let ctx: Ctx;
  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const user = await createUser(deps, { email: 'auditor@example.com', name: 'Auditor', role: 'admin' }, null);
    ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true, ip: '10.0.0.7' } };
  });

  const entryIds = async () => (await db().db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);

  describe('a log written by concurrent writers', () => {
    it('stays one linear chain and verifies', async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => createCustomer(ctx, { kind: 'person', name: `客户${i}` })));
      const first = (await db().db.selectFrom('customers').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      await updateCustomer(ctx, first, { city: '杭州' });
      // the auditor's own creation, twelve customers and one change
      expect(await verifyAudit(db())).toEqual({ ok: true, entries: 14 });
      const rows = await db().db.selectFrom('audit_log').select(['prev_hash', 'hash', 'ip']).orderBy('id').execute();
      expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(14);
      expect(rows.at(-1)?.ip).toBe('10.0.0.7');
    });
  });

  describe('tampering', () => {
    it('names the entry whose changes were edited by hand', async () => {
      const [, , third] = await entryIds();
      const { changes } = await db().db.selectFrom('audit_log').select('changes').where('id', '=', third!).executeTakeFirstOrThrow();
      await sql`update audit_log set changes = ${JSON.stringify({ name: [null, '假客户'] })} where id = ${third}`.execute(db().db);
      const verdict = await verifyAudit(db());
      expect(verdict).toMatchObject({ ok: false, entryId: third, entries: 2 });
      expect(verdict.ok === false && verdict.reason).toContain('altered');
      // put it back: the chain verifies again
      const original = typeof changes === 'string' ? changes : JSON.stringify(changes);
      await sql`update audit_log set changes = ${original} where id = ${third}`.execute(db().db);
      expect(await verifyAudit(db())).toEqual({ ok: true, entries: 14 });
    });

    it('names the entry after a removed middle entry', async () => {
      const ids = await entryIds();
      await sql`delete from audit_log where id = ${ids[5]}`.execute(db().db);
      const verdict = await verifyAudit(db());
      expect(verdict).toMatchObject({ ok: false, entryId: ids[6], entries: 5 });
      expect(verdict.ok === false && verdict.reason).toContain('removed');
    });
  });
});
