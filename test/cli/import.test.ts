import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';
import { FakeClock } from '../support/clock.ts';

const SLOW = 120_000;

forEachDialect('kehu import', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-import-cli-'));
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const count = async (table: 'customers' | 'import_jobs') =>
    Number((await db().db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const customer = (name: string) => db().db.selectFrom('customers').selectAll().where('name', '=', name).where('deleted_at', 'is', null).execute();
  let repId = 0;

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    await createUser(deps, { email: 'admin@import.test', name: 'Import Admin', role: 'admin' }, null);
    repId = (await createUser(deps, { email: 'rep@import.test', name: 'Import Rep', role: 'sales' }, null)).id;
  });

  it('reads its options as the HTTP route does: the same match keys, the same messages under the flags’ names', { timeout: SLOW }, async () => {
    const path = file('external.csv', 'ID,Name\nEXT-CLI-1,External Cli One\n');
    const bad = await kehu(['import', path, '--match-on', 'colour', '--batch-size', '0', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--match-on: unknown key colour; use email, phone, externalId, name/);
    expect(bad.stderr).toMatch(/--batch-size: must be a whole number from 1 to 100000/);
    const mapping = file('bad-mapping.json', '{"type": "customers", "columns": {"ID": 7}}');
    const badMapping = await kehu(['import', path, '--mapping', mapping]);
    expect(badMapping.code).not.toBe(0);
    expect(badMapping.stderr).toMatch(/--mapping\.columns\.ID/);
    const run = await kehu(['import', path, '--match-on', 'external_id', '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, created: 1 });
  });

  it('imports a GBK CSV with 客户名称/手机/邮箱 headers guessed, and a second run creates no duplicates', { timeout: SLOW }, async () => {
    const path = file('gbk.csv', iconv.encode('客户名称,手机,邮箱,负责人\r\n张伟CLI,+86 138 1234 5601,ZHANG@CLI.CN,\r\n王芳CLI,139 1234 5602; 010 6552 9988,,rep@import.test\r\n', 'gbk'));
    const run = await kehu(['import', path, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'done', type: 'customers', created: 2, updated: 0, skipped: 0, invalid: 0 });
    const [zhang] = await customer('张伟CLI');
    expect(zhang?.name_pinyin).toBe('zhangweicli');
    const [wang] = await customer('王芳CLI');
    expect(wang?.owner_id).toBe(repId);

    const again = await kehu(['import', path, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, skipped: 2, invalid: 0 });
    expect(await customer('张伟CLI')).toHaveLength(1);
  });

  it('reverts a finished import from the console', { timeout: SLOW }, async () => {
    const path = file('revert.csv', 'Name,Phone\nRevert CLI One,13700002001\n');
    const run = await kehu(['import', path, '--json']);
    const { jobId } = JSON.parse(run.stdout);
    expect(await customer('Revert CLI One')).toHaveLength(1);
    const reverted = await kehu(['import', '--revert', String(jobId), '--json']);
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(JSON.parse(reverted.stdout)).toEqual({ jobId, status: 'reverted' });
    expect(await customer('Revert CLI One')).toEqual([]);
    const again = await kehu(['import', '--revert', String(jobId)]);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/reverted already/);
    expect((await kehu(['import', '--revert', 'abc'])).code).toBe(2);
  });

  it('a dry run prints what would happen and writes nothing', { timeout: SLOW }, async () => {
    const jobs = await count('import_jobs');
    const path = file('dry.csv', 'Name,Phone\nDry CLI One,13700001001\nDry CLI Bad,42\n');
    const run = await kehu(['import', path, '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, jobId: null, created: 1, invalid: 1, errors: [{ row: 3, column: 'Phone' }] });
    expect(await customer('Dry CLI One')).toEqual([]);
    expect(await count('import_jobs')).toBe(jobs);
  });

  it('saves the mapping, takes it back edited (a custom field, an ignored column), and imports as a rep', { timeout: SLOW }, async () => {
    const path = file('mapped.csv', 'Company,Tel,Vat,Junk\nMapped CLI Ltd,021 6552 9988,VAT-1,x\n');
    const mappingPath = join(dir, 'mapping.json');
    const dry = await kehu(['import', path, '--dry-run', '--save-mapping', mappingPath, '--as', 'rep@import.test']);
    expect(dry.code, dry.stderr).toBe(0);
    const mapping = JSON.parse(readFileSync(mappingPath, 'utf8'));
    expect(mapping).toEqual({ type: 'customers', columns: { Company: 'name', Tel: 'phones', Vat: null, Junk: null } });
    writeFileSync(mappingPath, JSON.stringify({ ...mapping, columns: { ...mapping.columns, Vat: 'custom:vat' } }));

    const refused = await kehu(['import', path, '--mapping', mappingPath, '--as', 'rep@import.test']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('columns.Vat');
    const asRep = await kehu(['import', path, '--mapping', mappingPath, '--create-custom-fields', '--as', 'rep@import.test']);
    expect(asRep.code).toBe(3);
    const run = await kehu(['import', path, '--mapping', mappingPath, '--create-custom-fields', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [row] = await customer('Mapped CLI Ltd');
    expect(db().dialect.parseJson(row?.custom)).toEqual({ vat: 'VAT-1' });
    expect(row?.kind).toBe('company');
  });

  it('writes an error file that, fixed, imports the rest', { timeout: SLOW }, async () => {
    const path = file('bad.csv', 'Name,Email\nErr CLI Good,good@err.cli\nErr CLI Bad,bad-at-err.cli\n');
    const run = await kehu(['import', path, '--json']);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ created: 1, invalid: 1 });
    // rows were rejected: not a plain success
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/1 row\(s\) rejected; the others are in/);
    expect(result.errorFile).toBe(join(dir, 'bad.errors.csv'));
    const errors = readFileSync(result.errorFile, 'utf8');
    expect(errors).toContain('错误/error');
    expect(errors).toContain('Email: missing @: ""bad-at-err.cli""');
    // --lang zh: the reasons in Chinese (nothing lands twice: the good row is a duplicate now)
    const inChinese = await kehu(['import', path, '--lang', 'zh', '--error-file', join(dir, 'bad.zh.errors.csv'), '--json']);
    expect(inChinese.code).toBe(7);
    expect(readFileSync(join(dir, 'bad.zh.errors.csv'), 'utf8')).toContain('Email：邮箱缺少 @：""bad-at-err.cli""');
    expect((await kehu(['import', path, '--lang', 'fr'])).code).toBe(2);
    writeFileSync(result.errorFile, errors.replace('bad-at-err.cli', 'bad@err.cli'));
    const fixed = await kehu(['import', result.errorFile, '--json']);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ created: 1, invalid: 0 });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(await customer('Err CLI Bad')).toHaveLength(1);
  });

  it('--on-invalid-value keep-row imports a row without its bad phone (exit 8, the error file says why); every row rejected is exit 7', { timeout: SLOW }, async () => {
    const path = file('keep.csv', '客户名称,联系人,手机,座机\n保留行有限公司,周保留,12345,010 6552 3003\n');
    const kept = await kehu(['import', path, '--on-invalid-value', 'keep-row', '--json']);
    expect(kept.code, kept.stderr).toBe(8);
    const result = JSON.parse(kept.stdout);
    expect(result).toMatchObject({ created: 1, invalid: 0, contactsCreated: 1, rowsWithDroppedValues: 1 });
    expect(result.errorFile).toBe(join(dir, 'keep.errors.csv'));
    expect(readFileSync(result.errorFile, 'utf8')).toContain('手机: left out, the row was imported without it: too short: ""12345""');
    const [company] = await customer('保留行有限公司');
    const people = await db().db.selectFrom('contacts').select(['id', 'name']).where('customer_id', '=', company?.id as number).execute();
    expect(people.map((p) => p.name)).toEqual(['周保留']);
    const points = await db().db.selectFrom('contact_points').select('value').where('contact_id', '=', people[0]?.id as number).execute();
    expect(points).toEqual([]);

    const rejected = await kehu(['import', file('none.csv', 'Name,Email\nNone CLI One,nope\nNone CLI Two,nope-too\n'), '--on-invalid-value', 'skip-row']);
    expect(rejected.code).toBe(7);
    expect(rejected.stdout).toMatch(/0 created, 0 updated, 0 skipped as duplicates, 2 invalid/);
    expect((await kehu(['import', path, '--on-invalid-value', 'maybe'])).code).toBe(2);
  });

  it('imports a chosen XLSX sheet and a vCard address book', { timeout: SLOW }, async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').addRow(['这一页不是客户']);
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '手机', '生日', '级别']);
    sheet.addRow(['赵六XLSX', '137 0000 2001', '', 'B']);
    const xlsx = join(dir, 'book.xlsx');
    // writeBuffer, not xlsx.writeFile: ExcelJS's writeFile can resolve before the file holds the whole zip
    writeFileSync(xlsx, Buffer.from(await workbook.xlsx.writeBuffer()));
    const fromSheet = await kehu(['import', xlsx, '--sheet', '客户', '--json']);
    expect(fromSheet.code, fromSheet.stderr).toBe(0);
    expect(JSON.parse(fromSheet.stdout)).toMatchObject({ created: 1, invalid: 0 });
    expect((await customer('赵六XLSX'))[0]?.level).toBe('B');

    const vcf = file('book.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:钱七VCF\r\nN:钱;七VCF;;;\r\nTEL;TYPE=CELL:+86 137 0000 2002\r\nEMAIL:QIAN@VCF.CN\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sun Eight VCF\r\nTEL;TYPE=WORK:+1 415 555 0188\r\nEND:VCARD\r\n');
    const cards = await kehu(['import', vcf, '--type', 'customers', '--json']);
    expect(cards.code, cards.stderr).toBe(0);
    expect(JSON.parse(cards.stdout)).toMatchObject({ created: 2, invalid: 0 });
    const [qian] = await customer('钱七VCF');
    expect(qian?.kind).toBe('person');

    // an address book is contacts; a bad card is named by the line it begins on, and the others import
    const book = file('bad.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:周九VCF\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name\r\nEND:VCARD\r\n');
    const bad = await kehu(['import', book]);
    expect(bad.code, bad.stderr).toBe(7);
    expect(bad.stdout).toMatch(/\(contacts\): done/);
    expect(bad.stdout).toMatch(/card at line 5: name: is empty/);
  });

  it('resumes after kill -9 exactly after the last committed row: nothing lost, nothing twice', { timeout: SLOW }, async () => {
    const rows = 3_000;
    const lines = ['Name,Mobile,Email'];
    for (let i = 0; i < rows; i++) lines.push(`Killed ${i},+86 136 ${String(i).padStart(4, '0')} ${String(i).padStart(4, '0')},k${i}@kill.test`);
    const path = file('kill.csv', `${lines.join('\n')}\n`);
    const before = await count('customers');
    const child = spawn(process.execPath, ['bin/kehu.js', 'import', path, '--batch-size', '100', '--json'], {
      env: { ...process.env, ...cliEnv(db()), KEHU_IMPORT_PAUSE_MS: '40' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let job: { id: number; last_row: number; status: string } | undefined;
    for (let i = 0; i < 3_000 && !(job && job.last_row > 500); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await db().db.selectFrom('import_jobs').select(['id', 'last_row', 'status']).where('file_name', '=', 'kill.csv').executeTakeFirst();
    }
    child.kill('SIGKILL');
    await exited;
    const stopped = await db().db.selectFrom('import_jobs').selectAll().where('file_name', '=', 'kill.csv').executeTakeFirstOrThrow();
    expect(stopped.status).toBe('running');
    expect(Number(stopped.last_row)).toBeGreaterThan(500);
    expect(Number(stopped.last_row)).toBeLessThan(rows + 1);
    // What is committed is exactly the rows up to last_row.
    expect((await count('customers')) - before).toBe(Number(stopped.last_row) - 1);

    const resumed = await kehu(['import', '--resume', String(stopped.id), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'done', created: rows, skipped: 0, invalid: 0 });
    expect((await count('customers')) - before).toBe(rows);
    const names = await db().db.selectFrom('customers').select('name').where('name', 'like', 'Killed %').execute();
    expect(new Set(names.map((n) => n.name)).size).toBe(rows);
    expect(existsSync(join(dir, 'kill.errors.csv'))).toBe(false);
  });
});
