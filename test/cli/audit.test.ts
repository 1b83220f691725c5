import { testKeyring } from '../support/keyring.ts';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { deleteCustomer } from '../../src/core/customers/delete-customer.ts';
import { SQLITE_FILE } from '../../src/core/db/create-db.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const SQLITE3 = '/usr/bin/sqlite3';

/** Edits the file as someone with shell access would: the sqlite3 tool, or a bare driver. */
function editByHand(file: string, statement: string): void {
  if (existsSync(SQLITE3)) return void execFileSync(SQLITE3, [file, statement]);
  const connection = new BetterSqlite3(file);
  try {
    connection.exec(statement);
  } finally {
    connection.close();
  }
}

describe('kehu audit verify [sqlite]', () => {
  let db: TestDatabase & { drop(): Promise<void> };
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db));
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const deps = { db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const user = await createUser(deps, { email: 'cli-audit@example.com', name: 'Admin', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: user.id, role: 'admin', teamId: null, canWrite: true } };
    const first = await createCustomer(ctx, { kind: 'company', name: '甲公司' });
    await createCustomer(ctx, { kind: 'company', name: '乙公司' });
    await deleteCustomer(ctx, first.id);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('lists the command in help', async () => {
    const run = await kehu(['audit', 'verify', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--json');
  });

  it('passes on an intact log, then fails with exit 5 naming the entry edited with sqlite3', async () => {
    const intact = await kehu(['audit', 'verify']);
    expect(intact.code).toBe(0);
    // the admin's creation, two customers and a deletion
    expect(intact.stdout).toContain('audit log intact: 4 entries');
    const json = await kehu(['audit', 'verify', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, entries: 4 });

    editByHand(join(db.dataDir, SQLITE_FILE), `update audit_log set changes = '{"name":[null,"丙公司"]}' where id = 2`);
    const broken = await kehu(['audit', 'verify']);
    expect(broken.code).toBe(5);
    expect(broken.stderr).toContain('audit log broken at entry 2');
    expect(broken.stdout).not.toContain('intact');
    const brokenJson = await kehu(['audit', 'verify', '--json']);
    expect(brokenJson.code).toBe(5);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({ ok: false, entryId: 2, entries: 1 });
  });
});
