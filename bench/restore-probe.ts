// What a restore does to the server it runs in: the longest event-loop stall and the longest wait
// between two reads of one customer (the reads go on all through the restore), at the size given.
//   node --import tsx bench/restore-probe.ts --data /tmp/kehu-rg-100k --file /tmp/kehu-rg-backups/kehu-….kehubak [--safety /tmp/kehu-rg-safety]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreBackup } from '../src/core/backup/restore-backup.ts';
import { readConfig } from '../src/core/config.ts';
import { openDeps } from '../src/core/open-deps.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, file: { type: 'string' }, safety: { type: 'string' } } });
const safety = values.safety ?? '/tmp/kehu-restore-probe-safety';
const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: values.data ?? '/tmp/kehu-rg-100k' }));
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

// The longest event-loop lateness in each phase of the restore (a 5 ms timer's).
let phase = 'checks';
const worstByPhase: Record<string, number> = {};
let sampling = true;
const lag = () => {
  const due = performance.now() + 5;
  setTimeout(() => {
    const late = performance.now() - due;
    worstByPhase[phase] = Math.max(worstByPhase[phase] ?? 0, Number(late.toFixed(1)));
    if (sampling) lag();
  }, 5);
};
lag();

let running = true;
let reads = 0;
let longestReadGapMs = 0;
const reader = (async () => {
  let last = performance.now();
  for (let i = 0; running; i++) {
    await deps.db.selectFrom('customers').select(['id', 'name']).where('id', '=', 1 + (i % 1000)).executeTakeFirst();
    const now = performance.now();
    longestReadGapMs = Math.max(longestReadGapMs, now - last);
    last = now;
    reads++;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
})();

const started = performance.now();
rmSync(safety, { recursive: true, force: true });
const report = await restoreBackup({ database, crypto: deps.crypto, now: new Date() }, values.file as string, { secret: null, force: true, dir: safety, safetySecret: null, onPhase: (next) => void (phase = next) });
const seconds = (performance.now() - started) / 1000;
running = false;
sampling = false;
await reader;
histogram.disable();
const customers = await deps.db.selectFrom('customers').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
console.log(
  JSON.stringify({
    seconds: Number(seconds.toFixed(1)),
    restoredCustomers: report.rows.customers,
    customersAfter: Number(customers.n),
    reads,
    longestReadGapMs: Number(longestReadGapMs.toFixed(1)),
    loopDelayMaxMs: Number((histogram.max / 1e6).toFixed(1)),
    loopDelayP99Ms: Number((histogram.percentile(99) / 1e6).toFixed(1)),
    worstLateMsByPhase: worstByPhase,
  }),
);
await database.close();
rmSync(safety, { recursive: true, force: true });
