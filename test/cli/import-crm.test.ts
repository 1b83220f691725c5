import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const SLOW = 120_000;
const fixture = (name: string) => join(import.meta.dirname, '../fixtures/crm-exports', name);

// A 纷享销客 export through the real command: recognised, every column placed or named, kept on request.
forEachDialect('kehu import: CRM exports', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    for (const [name, email] of [['Mei Chen', 'mei@crm.test'], ['Tom Sales', 'tom@crm.test']]) await createUser(deps, { email: email as string, name: name as string, role: 'sales' }, null);
  });

  it('the dry run names the preset and every column it would not import; --keep-unknown-columns keeps them', { timeout: SLOW }, async () => {
    const dry = await kehu(['import', fixture('fxiaoke_accounts.csv'), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would create 2/);
    expect(dry.stdout).toMatch(/column\(s\) not imported: .*地区定位 \(custom:diqudingwei\).*--keep-unknown-columns/);
    const json = JSON.parse((await kehu(['import', fixture('fxiaoke_accounts.csv'), '--dry-run', '--json'])).stdout);
    expect(json).toMatchObject({ preset: 'fxiaoke-accounts', created: 2, invalid: 0 });
    expect(json.leftOut).toContainEqual({ column: '归属部门', key: 'guishubumen' });

    const run = await kehu(['import', fixture('fxiaoke_accounts.csv'), '--keep-unknown-columns', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'done', created: 2, invalid: 0 });
    const row = await db().db.selectFrom('customers').select(['level', 'district', 'custom']).where('name', '=', '杭州西溪数据服务有限公司').executeTakeFirstOrThrow();
    expect(row.level).toBe('A');
    expect(row.district).toBe('西湖区');
    expect(db().dialect.parseJson(row.custom)).toMatchObject({ guishubumen: '华东销售部', shengmingzhuangtai: '正常' });
    expect(readFileSync(fixture('fxiaoke_accounts.csv')).subarray(0, 3).toString('hex')).not.toBe('efbbbf');
  });
});
