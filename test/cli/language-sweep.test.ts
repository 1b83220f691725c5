import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { IMPORT_FIELDS, IMPORT_TYPES } from '../../src/domain/import-fields.ts';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { cliEnv, runKehu, type CliRun } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// Every command run with --lang zh on a seeded database says nothing in English: a line may hold
// names and values from the data, ids, e-mails, file names, option and command names, codes and
// a few technical terms, but no English word of four letters or more. A command added later in
// English (or a line forgotten in one) fails here.

const COMMANDS = 'serve|migrate|users|teams|tokens|seed|audit|keys|pool|dedupe|quality|merges|import|export|archive|backup|doctor|analytics|segments';
// Names that stay as they are in Chinese text: products, formats, models and their parameters.
// The import's field names (as a --mapping file writes them) and its types (as --type takes them) are names too.
const TERMS = ['kehu', 'sqlite', 'postgres', 'SQLite', 'PostgreSQL', 'alpha', 'gamma', 'Gamma', ...IMPORT_TYPES, ...Object.values(IMPORT_FIELDS).flat()];

/** The English words of a line that are neither data nor names (see above). */
export function englishWords(line: string, known: ReadonlySet<string>): string[] {
  const stripped = line
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+/g, ' ')
    .replace(/`[^`]*`|'[^']*'|"[^"]*"|“[^”]*”/g, ' ')
    .replace(new RegExp(`\\bkehu (?:${COMMANDS})(?: [a-z-]+)?`, 'g'), ' ')
    .replace(/(?<![\w-])--?[a-z][\w-]*(?: <[^>]*>)?|<[^>]*>/g, ' ')
    .replace(/\b(?:GET|POST|PATCH|DELETE) \/\S+/g, ' ')
    .replace(/[\w~-]*[/\\][\w./\\~-]*/g, ' ')
    .replace(/\b[\w-]+\.[\w.-]+/g, ' ')
    // identifiers: a custom field's custom:key, a flag's or an argument's id-or-token
    .replace(/\b[\w-]+:[\w-]+|\b\w+(?:-\w+)+/g, ' ')
    .replace(/\b[A-Za-z]*[\d_][\w]*/g, ' ');
  return (stripped.match(/[A-Za-z]{4,}/g) ?? []).filter((word) => !known.has(word) && !known.has(word.toLowerCase()) && word !== word.toUpperCase());
}

describe('the English detector', () => {
  const known = new Set(TERMS);
  it('finds English sentences and passes names, ids, files, options and data', () => {
    expect(englishWords('would delete 3 backups, kept 1', known)).toEqual(['would', 'delete', 'backups', 'kept']);
    expect(englishWords('kehu: 未知选项 \'--nosuch\'', known)).toEqual([]);
    expect(englishWords('已导出 80 个客户到 /tmp/x/e.csv；用 kehu tokens create --user a@b.cn 创建', known)).toEqual([]);
    expect(englishWords('2  Keller Software LLC  销售', new Set([...known, 'Keller', 'Software']))).toEqual([]);
    expect(englishWords('  audit_log  967 · integrity_check：通过 · SHA-256 · CNY · BG/NBD：r 5.4', known)).toEqual([]);
  });
});

forEachDialect('kehu --lang zh says everything in Chinese', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-sweep-'));
  const backups = join(dir, 'backups');
  const env = () => ({ ...cliEnv(db()), KEHU_BACKUP_DIR: backups });
  const zh = (...argv: string[]) => runKehu(['--lang', 'zh', ...argv], env());
  const known = new Set(TERMS);
  const runs: Array<{ argv: string[]; run: CliRun }> = [];
  /** Runs `kehu --lang zh <argv>`, keeping what it said for the sweep. */
  const said = async (...argv: string[]) => {
    const run = await zh(...argv);
    runs.push({ argv, run });
    return run;
  };

  beforeAll(async () => {
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    await seedDemo(deps, { customers: 40 });
    // what the data says is data: names of people, companies, teams, tags, cities, and the tables' names
    const words = (rows: Array<Record<string, unknown>>) => rows.flatMap((row) => Object.values(row).flatMap((v) => (typeof v === 'string' ? (v.match(/[A-Za-z]+/g) ?? []) : [])));
    for (const word of [
      ...words(await deps.db.selectFrom('customers').select(['name', 'city', 'industry', 'source']).execute()),
      ...words(await deps.db.selectFrom('contacts').select(['name']).execute()),
      ...words(await deps.db.selectFrom('users').select(['name']).execute()),
      ...words(await deps.db.selectFrom('teams').select(['name']).execute()),
    ]) known.add(word);
    const doctor = await runKehu(['doctor', '--json'], env());
    for (const table of (JSON.parse(doctor.stdout) as { tables: Array<{ name: string }> }).tables) known.add(table.name);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('people, tokens, analytics, quality, pool, segments, dedupe and merges', async () => {
    for (const argv of [['users', 'list'], ['teams', 'list'], ['tokens', 'list'], ['quality'], ['pool', 'settings'], ['settings', 'time-zone'], ['migrate'], ['audit', 'verify']]) expect((await said(...argv)).code).toBe(0);
    for (const report of ['rfm', 'abc', 'clv', 'churn']) expect((await said('analytics', report, '--limit', '3')).code).toBe(0);
    for (const report of ['forecast', 'cohorts', 'lifecycle', 'revenue']) expect((await said('analytics', report)).code).toBe(0);
    expect((await said('pool', 'settings', '--return-after-days', '30')).code).toBe(0);
    expect((await said('pool', 'return-stale', '--dry-run')).stdout).toMatch(/将把 \d+ 个 30 天未跟进/);
    expect((await said('segments', 'create', '--name', '上海客户', '--filter', '{"op":"and","conditions":[{"field":"city","operator":"eq","value":"上海"}]}')).code).toBe(0);
    for (const argv of [['segments', 'list'], ['segments', 'show', '1'], ['segments', 'members', '1', '--limit', '2']]) expect((await said(...argv)).code).toBe(0);
    const dedupe = await said('dedupe', '--top', '3', '--merge-above', '0.9');
    expect(dedupe.code, dedupe.stderr).toBe(0);
    expect(dedupe.stdout).toMatch(/^已扫描 \d+ 个客户/m);
    expect((await said('merges', 'list')).code).toBe(0);
  }, 120_000);

  it('import’s dry run, export, archive, keys and the refusals', async () => {
    const csv = join(dir, '客户.csv');
    writeFileSync(csv, '名称,电话,随便一列\n杭州某某科技,0571 8888 1234,x\n');
    expect((await said('import', csv, '--dry-run')).stdout).toContain('试运行：1 行客户');
    expect((await said('export', '--out', join(dir, 'all.csv'))).code).toBe(0);
    expect((await said('archive', 'export', join(dir, 'all.tar.gz'))).code).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'kehu-cli-sweep-empty-'));
    const loaded = await runKehu(['--lang', 'zh', 'archive', 'import', join(dir, 'all.tar.gz')], { ...cliEnv(db()), DATABASE_URL: '', KEHU_DATA_DIR: empty });
    runs.push({ argv: ['archive', 'import'], run: loaded });
    expect(loaded.code, loaded.stderr).toBe(0);
    rmSync(empty, { recursive: true, force: true });
    expect((await said('keys', 'rotate')).code).toBe(2);
    expect((await said('users', 'set', '--email', 'demo-admin@demo.kehu')).code).toBe(2);
    expect((await said('users', 'password', '--email', 'demo-admin@demo.kehu')).code).toBe(2);
    expect((await said('tokens', 'create', '--user', 'demo-admin@demo.kehu', '--expires', 'tomorrow')).code).toBe(2);
    expect((await said('tokens', 'revoke')).code).toBe(2);
    expect((await said('backup', 'prune', '--keep-daily', 'x')).code).toBe(2);
    expect((await said('backup', 'create', '--passphrase-stdin', '--key-file', 'k')).code).toBe(2);
  }, 120_000);

  it('commander’s usage errors: unknown command and option, missing and invalid argument, too many', async () => {
    const usage = async (argv: string[], expected: string) => {
      const run = await said(...argv);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(expected);
    };
    await usage(['nosuch'], "kehu: 未知命令 'nosuch'");
    await usage(['users', 'lis'], "kehu: 未知命令 'lis'");
    await usage(['users', 'list', '--nosuch'], "kehu: 未知选项 '--nosuch'");
    await usage(['backup', 'verify'], "kehu: 缺少必需的参数 'file'");
    await usage(['backup', 'verify', '--dir'], "kehu: 选项 '--dir <dir>' 缺少值");
    await usage(['import', 'x.csv', '--type', 'people'], "kehu: 选项 '--type <type>' 的值 'people' 无效；可选值：customers, contacts, orders, interactions");
    await usage(['users', 'list', 'extra'], "kehu: 'list' 的参数过多：应为 0 个，实际 1 个");
    await usage(['segments', 'create', '--filter', '{}'], "kehu: 未指定必需的选项 '--name <name>'");
    expect((await zh('users', 'lis')).stderr).toContain("（是否想输入 'list'？）\n（运行 kehu users --help 查看用法）");
    // in English: commander's own words and the whole help
    const en = await runKehu(['--lang', 'en', 'users', 'list', '--nosuch'], env());
    expect(en.stderr).toMatch(/^error: unknown option '--nosuch'\n\nUsage: kehu users list/);
  });

  it('backups: create, list, a passing and a failing restore test, doctor, prune and restore', async () => {
    expect((await said('backup', 'create')).stdout).toMatch(/^备份已写入：/);
    const name = readdirSync(backups).find((f) => f.endsWith('.kehubackup')) as string;
    expect((await said('backup', 'list')).code).toBe(0);
    const passed = await said('backup', 'verify', name);
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stdout).toMatch(/^通过 行数\s+\d+ 张表共 \d+ 行，与清单一致$/m);
    // a copy cut short: the restore test fails, and says why in Chinese
    const broken = join(backups, name.replace('-manual', '-9-manual'));
    copyFileSync(join(backups, name), broken);
    writeFileSync(broken, Buffer.from('KEHUBAK1'));
    const failed = await said('backup', 'verify', broken);
    expect(failed.code).toBe(5);
    expect(failed.stdout).toMatch(/^失败 文件\s+.*不是可读取的 kehu 备份/m);
    const doctor = await said('doctor');
    expect(doctor.code).toBe(5);
    expect(doctor.stdout).toMatch(/^恢复测试\s+\S+ 失败 \(.*\)：文件：.*不是可读取的 kehu 备份/m);
    expect(doctor.stderr.trim()).toBe('kehu: 需要处理：上次恢复测试失败');
    rmSync(broken);
    expect((await said('backup', 'prune', '--dry-run')).code).toBe(0);
    const restored = await said('backup', 'restore', name, '--force');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^已恢复 /);
  }, 180_000);

  it('no line of any of it is English', () => {
    expect(runs.length).toBeGreaterThan(40);
    const english = runs.flatMap(({ argv, run }) =>
      `${argv[0] === 'export' ? '' : run.stdout}\n${run.stderr}`.split('\n').flatMap((line) => {
        const words = englishWords(line, known);
        return words.length > 0 ? [`kehu ${argv.join(' ')}: ${line}  [${words.join(', ')}]`] : [];
      }),
    );
    expect(english).toEqual([]);
    // and the detector sees English where there is some
    expect(englishWords('每张表的行数：', known)).toEqual([]);
    expect(englishWords('rows per table:', known)).toEqual(['rows', 'table']);
  });
});
