import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ctx, Deps } from '../../src/core/context.ts';
import { createCustomer } from '../../src/core/customers/create-customer.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { updateBackupSettings } from '../../src/core/backup/backup-settings.ts';
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

/** What is left of a Chinese message without its paths, file names and the word kehu: no English words (zlib's "incorrect header check"). */
const noEnglishBut = (text: string) => (text.replace(/\S*\/\S*|\S*\.kehubackup|kehu/g, '').match(/[A-Za-z]{3,}/g) ?? []).join(' ');

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
    const payloadStart = 12 + bytes.readUInt32BE(8);
    // and one further on, in the deflate blocks (zlib: "invalid block type", "invalid distance too far back" …)
    const inside = Buffer.from(readFileSync(path));
    inside.fill(0x00, payloadStart + 20_000, payloadStart + 20_400);
    const damagedInside = join(work, 'damaged-inside.kehubackup');
    writeFileSync(damagedInside, inside);
    await unchangedBy(async () => {
      // SQLite unpacks the backup to check it before restoring; PostgreSQL checks the file's checksum first
      const [en, zhText] = db().dialect.name === 'sqlite' ? [`it is damaged, and unpacking it fails at byte ${payloadStart}`, `文件已损坏，解压到第 ${payloadStart} 字节时失败`] : ['its payload does not match the checksum', '数据与清单中的校验和不符'];
      refused(await kehu(['backup', 'restore', damaged, '--force']), 2, new RegExp(`damaged\\.kehubackup is not a readable kehu backup: ${en}`));
      const zh = await kehu(['backup', 'restore', damaged, '--force', '--lang', 'zh']);
      refused(zh, 2, new RegExp(`damaged\\.kehubackup 不是可读取的 kehu 备份：${zhText}`));
      expect(noEnglishBut(zh.stderr)).toBe('');
      const zhInside = await kehu(['backup', 'restore', damagedInside, '--force', '--lang', 'zh']);
      refused(zhInside, 2, /damaged-inside\.kehubackup 不是可读取的 kehu 备份：/);
      expect(noEnglishBut(zhInside.stderr)).toBe('');
    });
    // refused before anything changes: no safety backup of the live data was taken for it
    expect(readdirSync(backups).filter((name) => name.endsWith('.kehubackup'))).toEqual([basename(path)]);
    const verify = await kehu(['backup', 'verify', damaged]);
    expect(verify.code).toBe(5);
    expect(verify.stdout).toMatch(/FAIL file +damaged\.kehubackup is not a readable kehu backup: it is damaged, and unpacking it fails at byte \d+/);
    const zhVerify = await kehu(['backup', 'verify', damaged, '--lang', 'zh']);
    expect(zhVerify.stdout).toMatch(/失败 文件 +damaged\.kehubackup 不是可读取的 kehu 备份：文件已损坏，解压到第 \d+ 字节时失败/);
    expect(zhVerify.stdout).toMatch(/跳过 完整性 +未运行/);
    expect(noEnglishBut(zhVerify.stdout + zhVerify.stderr)).toBe('');
  });

  it('a wrong passphrase: the restore test says so, and shows the key and data checks as not run', async () => {
    const created = await kehu(['backup', 'create', '--passphrase-stdin', '--json'], 'the right passphrase\n');
    const { path } = JSON.parse(created.stdout) as { path: string };
    for (const lang of ['en', 'zh']) {
      const run = await kehu(['backup', 'verify', path, '--passphrase-stdin', '--lang', lang], 'a wrong passphrase\n');
      refused(run, 2, lang === 'en' ? /: wrong passphrase or key file/ : /：口令或密钥文件不正确/);
      expect(run.stdout).not.toMatch(/^(ok|通过) +(key|密钥)/m);
      expect(run.stdout).toMatch(lang === 'en' ? /^skip key +not run: the backup could not be opened$/m : /^跳过 密钥 +未运行：无法打开此备份$/m);
      for (const check of lang === 'en' ? ['integrity', 'rows', 'checksums', 'audit', 'upgrade'] : ['完整性', '行数', '校验和', '审计链', '升级']) expect(run.stdout).toMatch(new RegExp(`^(skip|跳过) ${check} `, 'm'));
      expect(run.stderr).not.toMatch(/failed its restore test|未通过恢复测试/);
    }
    const json = await kehu(['backup', 'verify', path, '--passphrase-stdin', '--json'], 'a wrong passphrase\n');
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Array<{ check: string; ok: boolean; code: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.check === 'key')).toMatchObject({ ok: false, code: 'backup.check_not_run' });
    expect(report.checks.find((c) => c.check === 'file')).toMatchObject({ ok: false, code: 'backup.wrong_secret' });
    // the page's record of the run says why in a word, not as a list of checks
    const run = await db().db.selectFrom('backup_runs').select(['status', 'error_code']).where('kind', '=', 'verify').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'failed', error_code: 'backup.wrong_secret' });
    expect((await kehu(['backup', 'verify', path, '--passphrase-stdin'], 'the right passphrase\n')).code).toBe(0);
  });

  it('a restore while the folder chosen on the admin page is gone (an unmounted share) is refused: no safety backup, no folder made, data unchanged', async () => {
    const created = await kehu(['backup', 'create', '--json']);
    expect(created.code).toBe(0);
    const { path } = JSON.parse(created.stdout) as { path: string };
    const share = join(work, 'share');
    mkdirSync(share);
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    await updateBackupSettings({ ...deps, actor: null }, { directory: share });
    rmSync(share, { recursive: true });
    try {
      await unchangedBy(async () => {
        refused(await kehu(['backup', 'restore', path, '--force']), 2, /the backup folder \S*share chosen on the admin page is not there .*the safety backup .* cannot be taken, so nothing was restored/);
        const zh = await kehu(['backup', 'restore', path, '--force', '--lang', 'zh']);
        refused(zh, 2, /管理页面选定的备份文件夹 \S*share 不在.*无法先为现有数据做安全备份，因此没有进行恢复/);
        expect(noEnglishBut(zh.stderr)).toBe('');
      });
      expect(existsSync(share)).toBe(false);
    } finally {
      await updateBackupSettings({ ...deps, actor: null }, { directory: null });
    }
  });

  it('prune and list refuse a --dir that does not exist, and create nothing; create makes it', async () => {
    const missing = join(work, 'no-such-backups');
    for (const argv of [['backup', 'prune'], ['backup', 'prune', '--dry-run'], ['backup', 'list']]) {
      refused(await kehu([...argv, '--dir', missing]), 2, new RegExp(`the backup folder ${missing} does not exist`));
      refused(await kehu([...argv, '--dir', missing, '--lang', 'zh']), 2, new RegExp(`备份文件夹 ${missing} 不存在`));
      expect(existsSync(missing)).toBe(false);
    }
    const created = await kehu(['backup', 'create', '--dir', missing, '--json']);
    expect(created.code).toBe(0);
    expect(readdirSync(missing)).toEqual([basename((JSON.parse(created.stdout) as { path: string }).path)]);
    expect((await kehu(['backup', 'prune', '--dir', missing])).code).toBe(0);
  });

  it('archive export refuses to replace a file without --force, and names a folder that does not exist', async () => {
    const target = join(work, 'kept.tar.gz');
    writeFileSync(target, 'someone’s file\n');
    refused(await kehu(['archive', 'export', target]), 5, new RegExp(`${target} exists already: give --force to replace it`));
    refused(await kehu(['archive', 'export', target, '--lang', 'zh']), 5, new RegExp(`${target} 已存在：要替换它请加 --force`));
    expect(readFileSync(target, 'utf8')).toBe('someone’s file\n');
    expect((await kehu(['archive', 'export', target, '--force'])).code).toBe(0);
    expect(readFileSync(target).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const nowhere = join(work, 'no-such-folder');
    refused(await kehu(['archive', 'export', join(nowhere, 'kehu.tar.gz')]), 2, new RegExp(`the folder ${nowhere} does not exist: make it first`));
    refused(await kehu(['archive', 'export', join(nowhere, 'kehu.tar.gz'), '--lang', 'zh']), 2, new RegExp(`文件夹 ${nowhere} 不存在：请先创建它`));
    expect(existsSync(nowhere)).toBe(false);
  });

  it('a folder given where a file belongs, and a file where a folder belongs, are named; nothing changes', async () => {
    await unchangedBy(async () => {
      refused(await kehu(['archive', 'import', aFolder]), 2, new RegExp(`${aFolder} is a folder, not a file`));
      refused(await kehu(['archive', 'import', aFolder, '--lang', 'zh']), 2, new RegExp(`${aFolder} 是文件夹而不是文件`));
      refused(await kehu(['backup', 'restore', aFolder, '--force']), 2, new RegExp(`${aFolder} is a folder, not a file`));
      refused(await kehu(['archive', 'export', aFolder]), 2, new RegExp(`${aFolder} is a folder, not a file`));
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
    refused(zh, 2, new RegExp(`${aFile} 已损坏：解压到第 0 字节时失败`));
    expect(noEnglishBut(zh.stderr)).toBe('');
    refused(await kehu(['archive', 'import', aFile]), 2, new RegExp(`${aFile} is damaged: unpacking it fails at byte 0`));
  });

  it('an encrypted backup without its passphrase names the option that gives it', async () => {
    const created = await kehu(['backup', 'create', '--passphrase-stdin', '--json'], 'a long backup passphrase\n');
    const { path } = JSON.parse(created.stdout) as { path: string };
    const restore = await kehu(['backup', 'restore', path, '--force']);
    refused(restore, 2, /--passphrase-stdin/);
    expect((await kehu(['backup', 'restore', path, '--force', '--passphrase-stdin'], 'a long backup passphrase\n')).code).toBe(0);
  });
});
