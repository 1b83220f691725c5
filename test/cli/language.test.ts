import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliLanguage } from '../../src/cli/cli-language.ts';
import { CLI_ZH } from '../../src/cli/cli-words.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { cliEnv, runKehu, runKehuProcess, type CliRun } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';


const ROOT = join(import.meta.dirname, '../..');
/** `kehu <argv>` as its own process, without the test runner's own language settings. */
function kehuProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const { LANG: _lang, LC_ALL: _all, KEHU_LANG: _kehu, ...rest } = process.env;
  return runKehuProcess(argv, { ...rest, ...env });
}

describe('the CLI’s language', () => {
  it('is --lang, else KEHU_LANG, else a Chinese locale in LC_ALL or LANG, else English', () => {
    expect(cliLanguage(['users', 'list'], {})).toEqual({ language: 'en', explicit: undefined });
    expect(cliLanguage(['users', 'list'], { LANG: 'zh_CN.UTF-8' }).language).toBe('zh');
    expect(cliLanguage(['users', 'list'], { LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' }).language).toBe('zh');
    expect(cliLanguage(['users', 'list'], { LANG: 'zh_CN.UTF-8', KEHU_LANG: 'en' }).language).toBe('en');
    expect(cliLanguage(['users', 'list', '--lang', 'zh'], { KEHU_LANG: 'en' })).toEqual({ language: 'zh', explicit: 'zh' });
    expect(cliLanguage(['--lang=en', 'users', 'list'], { LANG: 'zh_CN.UTF-8' })).toEqual({ language: 'en', explicit: 'en' });
    // after --, a file could be called --lang
    expect(cliLanguage(['import', '--', '--lang', 'zh'], {}).language).toBe('en');
  });

  it('has a Chinese line for every line the commands say, with the same {{placeholders}}', () => {
    const dir = join(ROOT, 'src/cli');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const said = new Set<string>();
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
      // the lines a call may say: every string it can evaluate to, not those its conditions compare with
      const strings = (node: ts.Node): void => {
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) said.add(node.text);
        else if (ts.isConditionalExpression(node)) [node.whenTrue, node.whenFalse].forEach(strings);
        else ts.forEachChild(node, strings);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ['say', 'headers'].includes(node.expression.getText()) && node.arguments[1]) strings(node.arguments[1]);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(said.size).toBeGreaterThan(50);
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const english of said) {
      expect(CLI_ZH[english], english).toBeTruthy();
      expect(placeholders(CLI_ZH[english] as string), english).toEqual(placeholders(english));
    }
  });
});

forEachDialect('kehu in Chinese and English', (db) => {
  const env = () => cliEnv(db());
  const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-lang-'));

  beforeAll(async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    await createUser(deps, { email: `lang-admin-${db().name}@example.com`, name: '王管理', role: 'admin' }, null);
  });

  it('lists users with headers and values in the language: LANG=zh_CN, KEHU_LANG, --lang', async () => {
    const zh = await runKehu(['users', 'list'], { ...env(), LANG: 'zh_CN.UTF-8' });
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout.split('\n')[0]).toMatch(/^编号\s+邮箱\s+名称\s+角色\s+团队\s+已停用$/);
    expect(zh.stdout).toMatch(/王管理\s+管理员\s+否/);
    const en = await runKehu(['users', 'list'], { ...env(), LANG: 'zh_CN.UTF-8', KEHU_LANG: 'en' });
    expect(en.stdout.split('\n')[0]).toMatch(/^id\s+email\s+name\s+role\s+team\s+disabled$/);
    expect(en.stdout).toMatch(/王管理\s+admin\s+no/);
    expect((await runKehu(['users', 'list', '--lang', 'zh'], env())).stdout.split('\n')[0]).toMatch(/^编号/);
    expect((await runKehu(['--lang', 'en', 'users', 'list'], { ...env(), KEHU_LANG: 'zh' })).stdout.split('\n')[0]).toMatch(/^id/);
  });

  it('says a coded refusal in the language, through the real process', async () => {
    const zh = await kehuProcess(['tokens', 'create', '--user', 'nobody@example.com'], { ...env(), LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(4);
    expect(zh.stderr.trim()).toBe('kehu: 找不到用户 nobody@example.com');
    const en = await kehuProcess(['tokens', 'create', '--user', 'nobody@example.com'], env());
    expect(en.stderr.trim()).toBe('kehu: user nobody@example.com not found');
    const format = await kehuProcess(['export', '--format', 'pdf', '--lang', 'zh'], env());
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format：必须是以下之一：csv, xlsx, vcard');
    expect(format.stdout).toBe('');
  }, 60_000);

  it('a flag’s bad value is named and explained in the language', async () => {
    const zh = await runKehu(['dedupe', '--min-score', '2'], { ...env(), LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim()).toBe('kehu: --min-score：必须是 0 到 1 之间的数字，而不是“2”');
    const en = await runKehu(['seed', '--demo', '--customers', '0'], env());
    expect(en.stderr.trim()).toBe('kehu: --customers: must be a whole number from 1 to 100000, not "0"');
    expect((await runKehu(['seed', '--demo', '--customers', '0', '--lang', 'zh'], env())).stderr.trim()).toBe('kehu: --customers：必须是 1 到 100000 之间的整数，而不是“0”');
  });

  it('an import’s summary, its rows’ reasons, the error file and the exit note in the language', async () => {
    const file = join(dir, `bad-${db().name}.csv`);
    writeFileSync(file, '名称,电话,级别\n上海某某贸易有限公司,021 6234 5678,A\n,139 1234 5678,B\n北京某某科技,12345,Z\n');
    const zh = await kehuProcess(['import', file, '--on-invalid-value', 'skip-row'], { ...env(), LANG: 'zh_CN.UTF-8' });
    expect(zh.code, zh.stderr).toBe(7);
    expect(zh.stdout).toMatch(/^导入 \d+：bad-\w+\.csv（客户）：已完成$/m);
    expect(zh.stdout).toContain('新建 1，更新 0，重复跳过 0，无效 2');
    expect(zh.stdout).toMatch(/第 3 行.*：/);
    expect(zh.stdout).not.toMatch(/ created, | invalid\b|is required/);
    expect(zh.stderr).toContain('kehu: 2 行被拒绝；其余已导入（退出码 7）');
    expect(readFileSync(join(dir, `bad-${db().name}.errors.csv`), 'utf8')).not.toMatch(/not a valid|is required/);

    const en = await kehuProcess(['import', file, '--on-invalid-value', 'skip-row', '--lang', 'en'], { ...env(), LANG: 'zh_CN.UTF-8' });
    expect(en.code, en.stderr).toBe(7);
    expect(en.stdout).toContain('0 created, 0 updated, 1 skipped as duplicates, 2 invalid');
    expect(en.stderr).toContain('kehu: 2 row(s) rejected (exit 7)');
  }, 120_000);
});
