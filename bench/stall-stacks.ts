// What the server's thread was doing during each long writer gap: the in-process V8 sampling
// profiler (it samples a thread blocked in a native call too, e.g. a SQLite write waiting on a lock
// or an fsync) and each gap's window on the same monotonic clock (µs, as process.hrtime).
import { Session } from 'node:inspector/promises';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Monotonic microseconds, the clock of V8's profile timestamps. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const short = (frame: Node['callFrame']) => {
  const file = frame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/').replace(/^node:/, '');
  return `${frame.functionName || '(anon)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
};

export async function startStacks(intervalUs = 500) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    /** For each window [fromUs, toUs]: the stacks sampled in it, with the milliseconds each took, longest first. */
    async stop(windows: Array<{ label: string; fromUs: number; toUs: number }>, depth = 5): Promise<string[]> {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      session.disconnect();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const stackOf = (id: number) => {
        const frames: string[] = [];
        for (let at: number | undefined = id; at !== undefined && frames.length < depth; at = parent.get(at)) {
          const frame = byId.get(at)?.callFrame;
          if (frame && frame.functionName !== '(root)') frames.push(short(frame));
        }
        return frames.join(' < ');
      };
      const times: number[] = [];
      let t = profile.startTime;
      for (const delta of profile.timeDeltas) times.push((t += delta));
      const lines: string[] = [];
      for (const w of windows) {
        const spent = new Map<string, number>();
        const sampled = new Map<string, number>();
        for (let i = 0; i < times.length; i++) {
          const at = times[i] as number;
          if (at < w.fromUs || at > w.toUs) continue;
          const next = times[i + 1] ?? at;
          const key = stackOf(profile.samples[i] as number);
          spent.set(key, (spent.get(key) ?? 0) + (Math.min(next, w.toUs) - at) / 1000);
          sampled.set(key, (sampled.get(key) ?? 0) + 1);
        }
        // Few samples over a long span: the thread (or the sampler) got no CPU; many: it was busy or blocked there.
        const total = [...spent.values()].reduce((a, b) => a + b, 0);
        lines.push(`${w.label}: ${total.toFixed(1)} ms sampled`);
        for (const [stack, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 6)) if (ms >= 1) lines.push(`  ${ms.toFixed(1)} ms (${sampled.get(stack)} samples)  ${stack}`);
      }
      return lines;
    },
  };
}

// Another thread reads the server thread's scheduler state every 2 ms (Linux): R running, S sleeping
// (wchan names what it waits in), D uninterruptible (disk I/O, a page fault on the memory map, the
// kernel throttling a writer of dirty pages). A gap where the sampler sees nothing is one of these.
const WATCHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const seen = [];
let on = true;
parentPort.on('message', () => { on = false; });
const base = '/proc/' + workerData.pid + '/task/' + workerData.pid;
const tick = () => {
  if (!on) return parentPort.postMessage(seen);
  try {
    const state = readFileSync(base + '/stat', 'utf8').split(') ')[1].split(' ')[0];
    let wchan = '';
    try { wchan = readFileSync(base + '/wchan', 'utf8'); } catch {}
    // schedstat: nanoseconds on a CPU, nanoseconds runnable but waiting for one
    const [cpu, wait] = readFileSync(base + '/schedstat', 'utf8').split(' ').map(Number);
    seen.push([Number(process.hrtime.bigint() / 1000n), state + (wchan && wchan !== '0' ? ':' + wchan : ''), cpu, wait]);
  } catch {}
  setTimeout(tick, 2);
};
tick();`;

export async function startStateWatcher() {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WATCHER, { eval: true, execArgv: [], workerData: { pid: process.pid } });
  return {
    /** The first `top` windows' states, and the longest of all windows less the time the thread waited for a CPU. */
    async stop(windows: Array<{ label: string; fromUs: number; toUs: number }>, top = 8): Promise<{ lines: string[]; ownMaxMs: number; ownOver100: number }> {
      const seen = await new Promise<Array<[number, string, number, number]>>((resolve) => {
        worker.once('message', resolve);
        worker.postMessage('stop');
      });
      await worker.terminate();
      const lines: string[] = [];
      let ownMaxMs = 0;
      let ownOver100 = 0;
      for (const w of windows) {
        const counts = new Map<string, number>();
        const inside = seen.filter(([at]) => at >= w.fromUs && at <= w.toUs);
        for (const [, state] of inside) counts.set(state, (counts.get(state) ?? 0) + 1);
        // Of the gap: on a CPU (kehu's work), waiting for a CPU (the machine), the rest asleep or blocked in the kernel.
        const first = seen.filter(([at]) => at <= w.fromUs).at(-1) ?? inside[0];
        const last = seen.find(([at]) => at >= w.toUs) ?? inside.at(-1);
        const waitMs = first && last ? (last[3] - first[3]) / 1e6 : 0;
        const own = Math.max(0, (w.toUs - w.fromUs) / 1000 - waitMs);
        ownMaxMs = Math.max(ownMaxMs, own);
        if (own > 100) ownOver100++;
        if (lines.length >= top) continue;
        const split = first && last ? ` — on CPU ${((last[2] - first[2]) / 1e6).toFixed(0)} ms, waiting for a CPU ${waitMs.toFixed(0)} ms (over ${((last[0] - first[0]) / 1000).toFixed(0)} ms)` : '';
        lines.push(`${w.label}: thread states ${[...counts].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s}×${n}`).join(' ')}${split}`);
      }
      return { lines, ownMaxMs, ownOver100 };
    },
  };
}
