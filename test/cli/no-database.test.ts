import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKehu, runKehuProcess, type CliRun } from '../support/cli.ts';
import { adminQuery } from '../support/databases.ts';
import { TEST_SECRET_KEY } from '../support/keyring.ts';
import { databaseUrl } from '../support/postgres-urls.ts';


const ROOT = join(import.meta.dirname, '../..');
/** `npx kehu …` as a person runs it: the real bin in its own process, from the given folder. */
function kehuIn(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'KEHU_DATA_DIR' && key !== 'DATABASE_URL'));
  return runKehuProcess(argv, { ...clean, KEHU_SECRET_KEY: TEST_SECRET_KEY, ...env }, cwd);
}

describe('kehu run where there is no database', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'kehu-elsewhere-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('refuses a command that expects data, says where it looked and how to point at the data, and creates nothing', async () => {
    const run = await kehuIn(folder, ['users', 'list']);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`no kehu database at ${join(folder, 'data', 'kehu.sqlite')}`);
    expect(run.stderr).toContain('KEHU_DATA_DIR is not set');
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr).toContain('npx kehu migrate');
    expect(readdirSync(folder)).toEqual([]);
  }, 60_000);

  it('refuses with the folder KEHU_DATA_DIR names, for each kind of command that reads or changes data', async () => {
    const dataDir = join(folder, 'somewhere');
    for (const argv of [['export'], ['tokens', 'list'], ['audit', 'verify'], ['doctor'], ['backup', 'list'], ['pool', 'settings'], ['analytics', 'rfm'], ['import', join(ROOT, 'package.json')]]) {
      const run = await runKehu(argv, { KEHU_DATA_DIR: dataDir, KEHU_SECRET_KEY: TEST_SECRET_KEY });
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(4);
      expect(run.stderr, argv.join(' ')).toContain(`no kehu database at ${join(dataDir, 'kehu.sqlite')} (set by KEHU_DATA_DIR)`);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('still starts a new database on purpose: migrate, then the same command works', async () => {
    const dataDir = join(folder, 'new');
    mkdirSync(dataDir);
    const env = { KEHU_DATA_DIR: dataDir, KEHU_SECRET_KEY: TEST_SECRET_KEY };
    expect((await runKehu(['migrate'], env)).code).toBe(0);
    const run = await runKehu(['users', 'list', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ items: [] });
  });

  it('lets the first admin be added at the console in a new place (set-up)', async () => {
    const dataDir = join(folder, 'first-admin');
    const env = { KEHU_DATA_DIR: dataDir, KEHU_SECRET_KEY: TEST_SECRET_KEY };
    const run = await runKehu(['users', 'add', '--email', 'boss@example.com', '--name', '老板', '--role', 'admin'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'kehu.sqlite'))).toBe(true);
  });
});

describe('kehu pointed at a PostgreSQL database without kehu in it', () => {
  const name = `kehu_nodb_${process.pid}`;
  let reachable = true;
  beforeAll(async () => {
    try {
      await adminQuery(`create database ${name}`);
    } catch {
      reachable = false;
    }
  });
  afterAll(async () => {
    if (reachable) await adminQuery(`drop database if exists ${name} with (force)`);
  });

  it('refuses, naming the database without its password, and leaves it empty', async (context) => {
    if (!reachable) return context.skip();
    const url = databaseUrl(name);
    const run = await runKehu(['tokens', 'list'], { DATABASE_URL: url, KEHU_SECRET_KEY: TEST_SECRET_KEY });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`no kehu database at ${url} (set by DATABASE_URL)`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
    await client.end();
    expect(rows[0].n).toBe(0);
  });
});
