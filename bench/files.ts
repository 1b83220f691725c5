// Reader and writer throughput of src/core/files on generated data: `node --import tsx bench/files.ts [--n 1000000]`.
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { openTable } from '../src/core/files/open-table.ts';
import { csvChunks } from '../src/core/files/write-csv.ts';
import { vcardChunks } from '../src/core/files/write-vcard.ts';
import { xlsxStream } from '../src/core/files/write-xlsx.ts';

const { values: args } = parseArgs({ options: { n: { type: 'string' } } });
const n = Number(args.n ?? 1_000_000);
const dir = resolve('.bench', 'files');
mkdirSync(dir, { recursive: true });

const HEADERS = ['客户名称', '手机', '邮箱', '城市', '地址', '备注', '标签', '等级'];
function* customerRows(count: number): Generator<string[]> {
  for (let i = 0; i < count; i++) {
    const note = i % 10 === 0 ? `备注, 第 ${i} 行\n换行 "引号"` : `note ${i}`;
    yield [`北京某某科技有限公司${i}`, `138${String(i).padStart(8, '0')}`, `user${i}@example.com`, '北京', `朝阳区建国路${i}号`, note, 'A; B', String(i % 5)];
  }
}

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};

async function write(path: string, chunks: AsyncIterable<string> | Readable, encoding?: string): Promise<number> {
  const start = performance.now();
  const source = chunks instanceof Readable ? chunks : Readable.from((async function* () {
    for await (const chunk of chunks) yield encoding ? iconv.encode(chunk, encoding) : Buffer.from(chunk);
  })());
  await pipeline(source, createWriteStream(path));
  return (performance.now() - start) / 1000;
}

async function read(path: string): Promise<{ rows: number; seconds: number; rss: number; encoding: string | null }> {
  global.gc?.();
  peak = 0;
  const start = performance.now();
  const { meta, rows } = await openTable({ path });
  let count = 0;
  for await (const _ of rows) if (++count % 10_000 === 0) sample();
  sample();
  return { rows: count, seconds: (performance.now() - start) / 1000, rss: peak, encoding: meta.encoding };
}

const table: string[][] = [];
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
async function bench(label: string, path: string, writeSeconds: number): Promise<void> {
  const result = await read(path);
  table.push([label, String(result.rows), `${Math.round(result.rows / result.seconds).toLocaleString('en')} rows/s`, mb(result.rss), `${mb(statSync(path).size)} file`, `written at ${Math.round(result.rows / writeSeconds).toLocaleString('en')} rows/s`]);
  process.stderr.write(`bench files: ${label} done\n`);
}

const from = <T>(items: Iterable<T>) => (async function* () { yield* items; })();
const csv = join(dir, 'customers.csv');
await bench(`CSV UTF-8 (BOM), 10% quoted newlines`, csv, await write(csv, csvChunks(HEADERS, from(customerRows(n)))));
const gbk = join(dir, 'customers-gbk.csv');
await bench('CSV GBK (detected)', gbk, await write(gbk, (async function* () {
  for await (const chunk of csvChunks(HEADERS, from(customerRows(n)))) yield chunk.replace(/^\ufeff/, '');
})(), 'gbk'));
const xlsxN = Math.min(n, 100_000);
const xlsx = join(dir, 'customers.xlsx');
await bench('XLSX', xlsx, await write(xlsx, xlsxStream(HEADERS, from(customerRows(xlsxN)), 'customers')));
const vcfN = Math.min(n, 100_000);
const vcf = join(dir, 'people.vcf');
const people = (function* () {
  for (const [name, phone, email, city, address, note] of customerRows(vcfN)) yield { fullName: name!, phones: [{ value: phone!, types: ['cell'] }], emails: [{ value: email! }], address: { street: address!, city: city! }, note: note! };
})();
await bench('vCard 4.0', vcf, await write(vcf, vcardChunks(from(people))));

const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
process.stdout.write(`files bench, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
process.stdout.write(`${['reader', 'rows', 'read', 'peak RSS', 'size', 'writer'].map((h, i) => h.padEnd(widths[i]!)).join('  ')}\n`);
for (const row of table) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
rmSync(dir, { recursive: true, force: true });
