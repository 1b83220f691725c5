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
