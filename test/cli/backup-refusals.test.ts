import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { cliEnv, runKehu, type CliRun } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// A stranger's mistakes with backups and archives: a folder given for a file, a file for a folder,
// a folder that cannot be made, a damaged payload. Each is named with a coded message in the
// reader's language and changes nothing; none ends in "unexpected error" and a stack trace.

const STACK = /^\s+at /m;

/** A coded refusal: the exit code of its kind, one line naming the problem, no stack trace. */
function refused(run: CliRun, exitCode: number, says: RegExp): void {
  expect(run.stderr).not.toMatch(STACK);
  expect(run.stderr).not.toMatch(/unexpected error|意外错误/);
  expect(run.stderr).toMatch(says);
  expect(run.code).toBe(exitCode);
}

forEachDialect('kehu backup and archive refuse bad paths and damaged files', (db) => {
  const work = mkdtempSync(join(tmpdir(), 'kehu-refusals-'));
  const backups = join(work, 'backups');
  const aFile = join(work, 'not-a-folder.txt');
  const aFolder = join(work, 'a-folder');
  const env = () => ({ ...cliEnv(db()), KEHU_BACKUP_DIR: backups });
  const kehu = (argv: string[], stdin = '') => runKehu(argv, env(), stdin);
  const unchangedBy = async (attempt: () => Promise<void>) => {
    const before = await allRows(db());
    await attempt();
    const after = await allRows(db());
    for (const rows of [before, after]) for (const table of ['backup_runs', 'audit_log']) rows.delete(table);
    expect(differences(before, after)).toEqual([]);
  };

  beforeAll(async () => {
    writeFileSync(aFile, 'a note, not a folder\n');
    mkdirSync(aFolder);
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'refusals@example.com', name: 'Refusals', role: 'admin' }, null);
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    // notes that do not compress: the payload outgrows a read's first chunk, so zlib meets the damage before the checksum's end
    for (let i = 0; i < 200; i++) await createCustomer(ctx, { kind: 'person', name: `客户 ${i}`, notes: randomBytes(1000).toString('hex') });
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a backup whose compressed payload is damaged: restore refuses with a coded message, in Chinese too, and the data is as it was', async () => {
    const created = await kehu(['backup', 'create', '--json']);
    expect(created.code).toBe(0);
    const { path } = JSON.parse(created.stdout) as { path: string };
    const bytes = readFileSync(path);
    // the payload's gzip header, right after the file's own (12 bytes and its JSON): zlib cannot even start
    bytes.fill(0xff, 12 + bytes.readUInt32BE(8), 12 + bytes.readUInt32BE(8) + 4);
    const damaged = join(work, 'damaged.kehubackup');
    writeFileSync(damaged, bytes);
    await unchangedBy(async () => {
      refused(await kehu(['backup', 'restore', damaged, '--force']), 2, /damaged\.kehubackup.*(cannot be read|damaged|does not match)/);
      refused(await kehu(['backup', 'restore', damaged, '--force', '--lang', 'zh']), 2, /damaged\.kehubackup/);
    });
    // refused before anything changes: no safety backup of the live data was taken for it
    expect(readdirSync(backups).filter((name) => name.endsWith('.kehubackup'))).toEqual([basename(path)]);
    const verify = await kehu(['backup', 'verify', damaged]);
    expect(verify.code).toBe(5);
    expect(verify.stdout).toMatch(/FAIL file/);
  });

  it('a folder given where a file belongs, and a file where a folder belongs, are named; nothing changes', async () => {
    await unchangedBy(async () => {
      refused(await kehu(['archive', 'import', aFolder]), 2, new RegExp(`${aFolder} is a folder, not a file`));
      refused(await kehu(['archive', 'import', aFolder, '--lang', 'zh']), 2, new RegExp(`${aFolder} 是文件夹而不是文件`));
      refused(await kehu(['backup', 'restore', aFolder, '--force']), 2, new RegExp(`${aFolder} is a folder, not a file`));
      refused(await kehu(['archive', 'export', aFolder]), 2, new RegExp(`${aFolder} is a folder, not a file`));
      refused(await kehu(['archive', 'export', join(work, 'no-such-folder', 'kehu.tar.gz')]), 2, /no-such-folder does not exist and cannot be created \(ENOENT\)/);
      refused(await kehu(['archive', 'export', join(aFile, 'kehu.tar.gz'), '--lang', 'zh']), 2, /not-a-folder\.txt\/kehu\.tar\.gz 中有一段是文件而不是文件夹（ENOTDIR）/);
      refused(await kehu(['backup', 'create', '--dir', join(aFile, 'sub')]), 2, /not-a-folder\.txt\/sub is a file, not a folder \(ENOTDIR\)/);
      refused(await kehu(['backup', 'create', '--dir', join(aFile, 'sub'), '--json']), 2, /is a file, not a folder/);
      refused(await kehu(['backup', 'list', '--dir', aFile, '--lang', 'zh']), 2, /not-a-folder\.txt 中有一段是文件而不是文件夹/);
      refused(await kehu(['backup', 'prune', '--dir', aFile]), 2, /is a file, not a folder/);
    });
    expect(readFileSync(aFile, 'utf8')).toBe('a note, not a folder\n');
  });

  it('an archive that is not one says so in the reader’s language, naming the file', async () => {
    const zh = await kehu(['archive', 'import', aFile, '--lang', 'zh']);
    refused(zh, 2, new RegExp(`无法读取 ${aFile}：`));
    expect(zh.stderr).not.toContain('the archive');
  });

  it('an encrypted backup without its passphrase names the option that gives it', async () => {
    const created = await kehu(['backup', 'create', '--passphrase-stdin', '--json'], 'a long backup passphrase\n');
    const { path } = JSON.parse(created.stdout) as { path: string };
    const restore = await kehu(['backup', 'restore', path, '--force']);
    refused(restore, 2, /--passphrase-stdin/);
    expect((await kehu(['backup', 'restore', path, '--force', '--passphrase-stdin'], 'a long backup passphrase\n')).code).toBe(0);
  });
});
