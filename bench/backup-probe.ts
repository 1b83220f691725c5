// Where a backup's writer stalls come from: the backup of one database with the bench's writer
// beside it in the same process, every phase, every writer gap over --over ms, every event-loop
// delay and every GC pause over it, on one time line.
//   node --import tsx bench/backup-probe.ts --data /tmp/kehu-bench-backup-100000 [--over 20] [--what backup|verify|health|none] [--file BACKUP | seconds for none] [--dir BACKUPS] [--stacks]
// --stacks samples the server's thread (0.5 ms) and prints what it was doing in the longest gaps.
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBackup } from '../src/core/backup/create-backup.ts';
import { verifyBackup } from '../src/core/backup/verify-backup.ts';
import { readConfig } from '../src/core/config.ts';
import { createInteraction } from '../src/core/interactions/create-interaction.ts';
import { databaseHealth } from '../src/core/health/database-health.ts';
import { openDeps } from '../src/core/open-deps.ts';
import type { Ctx } from '../src/core/context.ts';
import { nowUs, startStacks, startStateWatcher } from './stall-stacks.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, over: { type: 'string' }, what: { type: 'string' }, file: { type: 'string' }, dir: { type: 'string' }, stacks: { type: 'boolean' } } });
const over = Number(values.over ?? 20);
const t0 = performance.now();
const at = () => ((performance.now() - t0) / 1000).toFixed(3);
const events: string[] = [];
const note = (line: string) => events.push(`${at()} ${line}`);

const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: values.data ?? '/tmp/kehu-bench-backup-100000' }));
const admin = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow();
const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
const customers = Number((await deps.db.selectFrom('customers').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.duration > over / 2) note(`gc ${entry.duration.toFixed(1)} ms kind ${(entry as unknown as { detail: { kind: number } }).detail?.kind}`);
}).observe({ entryTypes: ['gc'] });

// An event-loop lag sampler: a timer every 5 ms, its lateness noted.
let sampling = true;
const lag = () => {
  const due = performance.now() + 5;
  setTimeout(() => {
    const late = performance.now() - due;
    if (late > over) note(`event loop late ${late.toFixed(1)} ms`);
    if (sampling) lag();
  }, 5);
};
lag();
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

// --dir on another device (tmpfs here) tells the stall the job's own writes cause from the rest.
const dir = values.dir ?? '/tmp/kehu-backup-probe';
// The previous run's backup goes before the writer starts: removing it is not the job's stall.
if ((values.what ?? 'backup') === 'backup') rmSync(dir, { recursive: true, force: true });

let running = true;
let writes = 0;
const gaps: number[] = [];
const gapWindows: Array<{ label: string; fromUs: number; toUs: number; ms: number }> = [];
const stacks = values.stacks ? await startStacks() : null;
const states = values.stacks ? await startStateWatcher() : null;
const writer = (async () => {
  let last = performance.now();
  let lastUs = nowUs();
  for (let i = 0; running; i++) {
    await createInteraction(ctx, { customerId: 1 + ((i * 7919) % customers), type: 'note', subject: `probe write ${i}` });
    const now = performance.now();
    const us = nowUs();
    if (now - last > over) {
      note(`writer gap ${(now - last).toFixed(1)} ms`);
      gapWindows.push({ label: `gap of ${(now - last).toFixed(1)} ms ending at ${at()}`, fromUs: lastUs, toUs: us, ms: now - last });
    }
    lastUs = us;
    gaps.push(now - last);
    last = now;
    writes++;
    await new Promise((resolve) => setImmediate(resolve));
  }
})();

// CPU seconds of the main thread and of all threads (Linux): unlike wall time, not stretched by a busy machine.
const ticks = (task: string) => {
  const fields = readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const mainCpu = () => ticks(String(process.pid));
const allCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const cpuStart = { main: mainCpu(), all: allCpu() };
note('start');
if ((values.what ?? 'backup') === 'backup') {
  const info = await createBackup(database, new Date(), { dir, trigger: 'manual', secret: null, onPhase: (phase: string) => note(`phase ${phase}`) } as never);
  note(`backup done ${info.bytes} bytes`);
} else if (values.what === 'health') {
  const report = await databaseHealth(deps);
  note(`health done integrity ok=${report.integrity.ok}`);
} else if (values.what === 'none') {
  // The writer alone for as long as a backup of this size takes: the stall the machine gives without one.
  await new Promise((resolve) => setTimeout(resolve, Number(values.file ?? 7) * 1000));
} else {
  const report = await verifyBackup({ database, crypto: deps.crypto, now: new Date() }, values.file as string, null);
  note(`verify done ok=${report.ok} ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);
}
running = false;
await writer;
sampling = false;
histogram.disable();
const sorted = [...gaps].sort((a, b) => a - b);
console.log(events.join('\n'));
const longest = [...gapWindows].sort((a, b) => b.ms - a.ms).slice(0, 8);
if (stacks) console.log((await stacks.stop(longest)).join('\n'));
const ownStall = states ? await states.stop([...gapWindows].sort((a, b) => b.ms - a.ms)) : null;
if (ownStall) console.log(ownStall.lines.join('\n'));
console.log(
  JSON.stringify({
    writes,
    maxGapMs: sorted.at(-1),
    p99GapMs: sorted[Math.floor(sorted.length * 0.99)],
    over100: gaps.filter((g) => g > 100).length,
    loopDelayMaxMs: histogram.max / 1e6,
    // the longest gap less the time the server's thread sat runnable waiting for a CPU (--stacks only)
    ownMaxGapMs: ownStall?.ownMaxMs,
    ownOver100: ownStall?.ownOver100,
    loopDelayP99Ms: histogram.percentile(99) / 1e6,
    seconds: Number(at()),
    mainThreadCpuS: mainCpu() - cpuStart.main,
    allThreadsCpuS: allCpu() - cpuStart.all,
  }),
);
await database.close();
