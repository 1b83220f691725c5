import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { readTar, tarEnd, tarEntry, type TarFile } from '../../src/core/archive/tar.ts';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { cliEnv, runKehu } from '../support/cli.ts';
import { FakeClock } from '../support/clock.ts';
import { createTestDatabase, forEachDialect, type TestDatabase } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const depsOf = (db: TestDatabase): Deps => ({ db: db.db, dialect: db.dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring });

async function filesOf(archive: string): Promise<TarFile[]> {
  const files: TarFile[] = [];
  for await (const file of readTar([gunzipSync(readFileSync(archive))], 1 << 26)) files.push(file);
  return files;
}

/**
 * Writes the files back as an archive whose manifest adds up again (counts and checksums are no
 * seal: anyone can recompute them), so that what follows the checksums is what gets tested.
 */
function repackConsistent(files: TarFile[], target: string, tarBytes?: (tar: Buffer) => Buffer) {
  const manifestFile = files.find((f) => f.name === 'manifest.json');
  if (manifestFile) {
    const manifest = JSON.parse(manifestFile.data.toString('utf8'));
    for (const table of Object.keys(manifest.digests)) {
      const parts = files.filter((f) => f.name.startsWith(`tables/${table}/`));
      const text = Buffer.concat(parts.map((p) => p.data)).toString('utf8');
      manifest.digests[table] = { rows: text.split('\n').filter((l) => l !== '').length, sha256: createHash('sha256').update(text).digest('hex') };
    }
    manifestFile.data = Buffer.from(JSON.stringify(manifest));
  }
  const tar = Buffer.concat([...files.flatMap((f) => tarEntry(f.name, f.data, new Date(0))), tarEnd()]);
  writeFileSync(target, gzipSync(tarBytes ? tarBytes(tar) : tar));
}

const partOf = (files: TarFile[], table: string) => {
  const part = files.find((f) => f.name.startsWith(`tables/${table}/`));
  if (!part) throw new Error(`no ${table} part`);
  return part;
};
const linesOf = (part: TarFile) => part.data.toString('utf8').split('\n').filter((l) => l !== '');
const setLines = (part: TarFile, lines: string[]) => (part.data = Buffer.from(`${lines.join('\n')}\n`));

forEachDialect('kehu archive import refuses an archive that adds up but breaks the schema, said in both languages', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-archive-refusals-'));
  const opened: Array<TestDatabase & { drop(): Promise<void> }> = [];
  let good: string;
  let target: TestDatabase;

  beforeAll(async () => {
    await seedDemo(depsOf(db()), { customers: 10 });
    good = join(dir, 'good.tar.gz');
    const run = await runKehu(['archive', 'export', good], cliEnv(db()));
    if (run.code !== 0) throw new Error(run.stderr);
    const created = await createTestDatabase(db().name);
    opened.push(created);
    target = created;
  }, 120_000);

  afterAll(async () => {
    for (const database of opened) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the import in both languages: exit 2, the English and Chinese texts, no stack, the empty database left empty. */
  const refused = async (archive: string, en: RegExp, zh: RegExp) => {
    const before = await allRows(target);
    const run = await runKehu(['archive', 'import', archive], cliEnv(target));
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.stderr).toMatch(en);
    expect(run.code).toBe(2);
    const zhRun = await runKehu(['--lang', 'zh', 'archive', 'import', archive], cliEnv(target));
    expect(zhRun.code).toBe(2);
    expect(zhRun.stderr).toMatch(zh);
    expect(zhRun.stderr).not.toContain('意外错误');
    expect(differences(before, await allRows(target))).toEqual([]);
    return zhRun.stderr;
  };

  it('two rows with one id: the database refuses them, and the file and lines are named', async () => {
    const files = await filesOf(good);
    const part = partOf(files, 'customers');
    const lines = linesOf(part);
    setLines(part, [...lines, lines[0] as string]);
    const twice = join(dir, 'twice.tar.gz');
    repackConsistent(files, twice);
    await refused(
      twice,
      /kehu: not a readable kehu archive: the database refuses tables\/customers\/000001\.ndjson lines 1–11 \(table customers\): /,
      /kehu: 不是可读取的 kehu 归档：数据库拒绝了 tables\/customers\/000001\.ndjson 第 1–11 行（表 customers）：/,
    );
  });

  it('a contact of a customer the archive does not hold: refused once every row is in', async () => {
    const files = await filesOf(good);
    const part = partOf(files, 'contacts');
    const [first, ...rest] = linesOf(part);
    setLines(part, [JSON.stringify({ ...JSON.parse(first as string), customer_id: 987654 }), ...rest]);
    const orphan = join(dir, 'orphan.tar.gz');
    repackConsistent(files, orphan);
    await refused(orphan, /kehu: not a readable kehu archive: its rows break the database’s rules, e\.g\. point at rows it does not hold: /, /kehu: 不是可读取的 kehu 归档：其中的行违反了数据库的规则（例如引用了归档中没有的行）：/);
  });

  it('a gzip bomb of zeros: refused as no archive, without unpacking the rest', async () => {
    const bomb = join(dir, 'bomb.tar.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(64 << 20), { level: 1 }));
    await refused(bomb, /kehu: not a readable kehu archive: it must start with kehu-archive\.json/, /kehu: 不是可读取的 kehu 归档：它必须以 kehu-archive\.json 开头/);
  });

  describe('every other damage is said in Chinese too, with no English left in it', () => {
    const customers = (files: TarFile[]) => partOf(files, 'customers');
    const cases: Array<{ title: string; change: (files: TarFile[]) => void; en: RegExp; zh: RegExp; manifestAsExported?: boolean; cut?: (tar: Buffer) => Buffer }> = [
      {
        title: 'a name changed after the manifest was written',
        change: (files) => {
          const [first, ...rest] = linesOf(customers(files));
          setLines(customers(files), [JSON.stringify({ ...JSON.parse(first as string), name: '改过的名字' }), ...rest]);
        },
        manifestAsExported: true,
        en: /table customers holds 10 rows that do not match the manifest \(10 rows, checksum [0-9a-f]{12}…\)/,
        zh: /表 customers 有 10 行，与清单不符（清单：10 行，校验和 [0-9a-f]{12}…）/,
      },
      { title: 'a row of no columns', change: (files) => setLines(customers(files), ['{}', ...linesOf(customers(files))]), en: /tables\/customers\/000001\.ndjson line 1 is not a row object/, zh: /tables\/customers\/000001\.ndjson 第 1 行不是一行数据（JSON 对象）/ },
      { title: 'a line that is not JSON', change: (files) => setLines(customers(files), ['{"id": 1,']), en: /tables\/customers\/000001\.ndjson line 1 is not JSON/, zh: /tables\/customers\/000001\.ndjson 第 1 行不是 JSON/ },
      {
        title: 'a column the table does not have',
        change: (files) => setLines(customers(files), linesOf(customers(files)).map((l) => JSON.stringify({ ...JSON.parse(l), is_admin: 1 }))),
        en: /tables\/customers\/000001\.ndjson line 1: table customers has no column is_admin/,
        zh: /tables\/customers\/000001\.ndjson 第 1 行：表 customers 没有列 is_admin/,
      },
      {
        title: 'a file no table of the header owns (a path out of the folder)',
        change: (files) => files.splice(1, 0, { name: '../../etc/passwd', data: Buffer.from('root:x:0:0\n') }),
        en: /\.\.\/\.\.\/etc\/passwd belongs to no table the header lists/,
        zh: /\.\.\/\.\.\/etc\/passwd 不属于头文件列出的任何表/,
      },
      {
        title: 'a header of another program',
        change: (files) => ((files[0] as TarFile).data = Buffer.from(JSON.stringify({ format: 'zip', formatVersion: 1 }))),
        en: /kehu-archive\.json does not describe a kehu archive/,
        zh: /kehu-archive\.json 描述的不是 kehu 归档/,
      },
      {
        title: 'a header that lists a table twice',
        change: (files) => {
          const header = JSON.parse((files[0] as TarFile).data.toString('utf8'));
          header.tables.push(header.tables.find((t: { name: string }) => t.name === 'customers'));
          (files[0] as TarFile).data = Buffer.from(JSON.stringify(header));
        },
        en: /kehu-archive\.json lists table customers twice/,
        zh: /kehu-archive\.json 把表 customers 列了两次/,
      },
      { title: 'no manifest at the end', change: (files) => void files.splice(files.length - 1, 1), en: /it ends before manifest\.json \(cut short\?\)/, zh: /它在 manifest\.json 之前就结束了（被截断？）/ },
      {
        title: 'a tar cut off inside its first file, gzip closed properly',
        change: () => undefined,
        cut: (tar) => tar.subarray(0, 512 * 3 + 100),
        en: /the archive ends inside kehu-archive\.json \(cut short\?\)/,
        zh: /归档在 kehu-archive\.json 中间就结束了（被截断？）/,
      },
    ];
    for (const { title, change, en, zh, manifestAsExported, cut } of cases) {
      it(title, async () => {
        const files = await filesOf(good);
        const exportedManifest = files.find((f) => f.name === 'manifest.json')?.data;
        change(files);
        const archive = join(dir, `${title.replace(/\W+/g, '-')}.tar.gz`);
        repackConsistent(files, archive, cut);
        if (manifestAsExported) {
          const manifest = files.find((f) => f.name === 'manifest.json') as TarFile;
          manifest.data = exportedManifest as Buffer;
          writeFileSync(archive, gzipSync(Buffer.concat([...files.flatMap((f) => tarEntry(f.name, f.data, new Date(0))), tarEnd()])));
        }
        const zhText = await refused(archive, en, zh);
        expect(zhText).not.toMatch(/not a readable|do not match|cut short|belongs to|is not JSON|has no column|does not describe|ends (before|inside)/);
      });
    }
  });
});
