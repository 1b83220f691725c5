import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { createContact } from '../../src/core/contacts/create-contact.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { openTable, type TableFormat } from '../../src/core/files/open-table.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-export-'));

async function names(path: string, header = 'Name'): Promise<string[]> {
  const { meta, rows } = await openTable({ path });
  const column = meta.headers.indexOf(header);
  const out: string[] = [];
  for await (const row of rows) out.push(row.values[column]!);
  return out.sort();
}

function saved(text: string, format: TableFormat): string {
  const path = join(dir, `stdout-${Math.random().toString(36).slice(2)}.${format === 'vcard' ? 'vcf' : format}`);
  writeFileSync(path, text);
  return path;
}

forEachDialect('kehu export', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  let repEmail = '';

  beforeAll(async () => {
    repEmail = `cli-export-rep-${db().name}@example.com`;
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: `cli-export-admin-${db().name}@example.com`, name: 'Admin', role: 'admin' }, null);
    const rep = await createUser(deps, { email: repEmail, name: 'Rep', role: 'sales' }, null);
    const asAdmin: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    const asRep: Ctx = { ...deps, actor: { userId: rep.id, role: 'sales', teamId: null, canWrite: true } };
    const mine = await createCustomer(asRep, { kind: 'company', name: '上海某某贸易有限公司', stage: 'customer', phones: [{ value: '13812345678' }] });
    await createCustomer(asRep, { kind: 'person', name: '李娜', stage: 'lead' });
    await createCustomer(asAdmin, { kind: 'company', name: 'Admin Co', stage: 'customer' });
    await createContact(asRep, { name: '王芳', customerId: mine.id, emails: [{ value: 'wf@example.cn' }] });
  });

  it('writes CSV to standard output, everything by default, progress on stderr', async () => {
    const run = await kehu(['export', 'customers']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('\ufeffName,External id,Kind,Phones')).toBe(true);
    expect(await names(saved(run.stdout, 'csv'))).toEqual(['Admin Co', '上海某某贸易有限公司', '李娜']);
    expect(run.stderr).toContain('exported 3 customers');
  });

  it('exports what one user may see with --as, filtered, to a file whose extension picks the format', async () => {
    const out = join(dir, 'mine.xlsx');
    const run = await kehu(['export', 'customers', '--as', repEmail, '--stage', 'customer', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ entity: 'customers', format: 'xlsx', rows: 1, file: out });
    expect(await names(out)).toEqual(['上海某某贸易有限公司']);
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  it('exports contacts as vCard, and customers of an owner given by e-mail', async () => {
    const run = await kehu(['export', 'contacts', '--format', 'vcard']);
    expect(run.code, run.stderr).toBe(0);
    expect(await names(saved(run.stdout, 'vcard'))).toEqual(['王芳']);
    const out = join(dir, 'owner.csv');
    expect((await kehu(['export', '--owner', repEmail, '--out', out])).code).toBe(0);
    expect(await names(out)).toEqual(['上海某某贸易有限公司', '李娜']);
    expect(readFileSync(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes for people with --lang: Chinese headers and values, times in --time-zone', async () => {
    const run = await kehu(['export', 'customers', '--lang', 'zh', '--time-zone', 'Asia/Shanghai']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('\ufeff名称,外部编号,客户类型,电话')).toBe(true);
    const li = run.stdout.split('\r\n').find((line) => line.startsWith('李娜,')) ?? '';
    expect(li).toContain(',个人,');
    expect(li).toContain(',线索,');
    expect(li).toContain('2026-01-15 16:00:00');
  });

  it('refuses bad flags with a usage error naming them', async () => {
    for (const [argv, named] of [
      [['export', 'deals'], 'entity'],
      [['export', '--format', 'pdf'], '--format'],
      [['export', '--stage', 'nope'], '--stage'],
      [['export', 'contacts', '--stage', 'lead'], '--stage'],
      [['export', '--as', 'nobody@example.com'], '--as'],
      [['export', '--created-from', 'yesterday'], '--created-from'],
      [['export', '--lang', 'fr'], '--lang'],
      [['export', '--lang', 'zh', '--time-zone', 'Mars/Olympus'], '--time-zone'],
    ] as const) {
      const run = await kehu([...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toContain(named);
      expect(run.stdout).toBe('');
    }
  });
});
