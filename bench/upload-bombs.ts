import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeEndlessVcard, writeUnclosedQuoteCsv, writeXlsxBomb } from './upload-bombs-data.ts';
import { barred, fmt, renderTable, type Measure } from './table.ts';

// `node --import tsx bench/upload-bombs.ts`: each hostile file is opened and read by a fresh
// process, which reports how long the refusal took and its peak memory (a process that only
// loads the same modules is measured too, as the floor).

const { values: args } = parseArgs({ options: { open: { type: 'string' } } });
const GiB = 1024 ** 3;

if (args.open !== undefined) {
  const { openTable } = await import('../src/core/files/open-table.ts');
  const start = performance.now();
  const startCpuMs = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  let outcome = 'read whole';
  if (args.open !== '') {
    try {
      const table = await openTable({ path: args.open });
      for await (const row of table.rows) void row;
    } catch (error) {
      outcome = (error as Error).message.slice(0, 60);
    }
  }
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 - startCpuMs, rssMb: process.resourceUsage().maxRSS / 1024, outcome }));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-bombs-'));
  const measure = (path: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/upload-bombs.ts', '--open', path], { encoding: 'utf8' })) as { ms: number; cpuMs: number; rssMb: number; outcome: string };
  try {
    const floor = measure('');
    const cases = [
      { name: 'XLSX, shared strings → 1 GiB', file: 'strings.xlsx', make: (p: string) => writeXlsxBomb(p, 'many-strings', GiB) },
      { name: 'XLSX, same, sizes declared small', file: 'lying.xlsx', make: (p: string) => writeXlsxBomb(p, 'many-strings', GiB, true) },
      { name: 'XLSX, one cell of 1 GiB', file: 'cell.xlsx', make: (p: string) => writeXlsxBomb(p, 'one-cell', GiB) },
      { name: 'vCard, 30 MB without END:VCARD', file: 'endless.vcf', make: (p: string) => writeEndlessVcard(p, 30 * 1024 * 1024) },
      { name: 'CSV, 30 MB after an unclosed quote', file: 'unclosed.csv', make: (p: string) => writeUnclosedQuoteCsv(p, 30 * 1024 * 1024) },
    ];
    const rows: Measure[] = [barred('modules loaded, nothing read (floor)', `${fmt(floor.rssMb)} MB`, '', true)];
    for (const c of cases) {
      const path = join(dir, c.file);
      c.make(path);
      const result = measure(path);
      const size = `${fmt(statSync(path).size / 1024 / 1024, 1)} MB file`;
      process.stderr.write(`bench: ${c.name}: ${result.outcome}\n`);
      // CPU time is the work done; on a shared machine the wall time (shown too) mostly measures the neighbours.
      rows.push(barred(`${c.name} (${size}): refused after, CPU (wall)`, `${fmt(result.cpuMs)} ms (${fmt(result.ms)} ms)`, '< 1,000 ms', result.cpuMs < 1000 && result.outcome !== 'read whole'));
      rows.push(barred(`${c.name}: peak memory`, `${fmt(result.rssMb)} MB`, '< 300 MB', result.rssMb < 300));
    }
    process.stdout.write(`${renderTable(rows)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
