import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Whether the process that wrote `dir/pid` has ended (a test file killed while it held the lane). */
function holderGone(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    return false; // just taken, its pid not written yet
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Waits until no other browser journey of this test run holds the browser lane, then holds it;
 * the function returned lets it go. The journeys run one at a time beside the other test files
 * (two at once, one now and then missed a dialog); vitest.config.ts names the lane for the run.
 */
export async function takeBrowserLane(): Promise<() => void> {
  const dir = process.env.KEHU_BROWSER_LANE;
  if (!dir) return () => undefined;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holderGone(dir)) rmSync(dir, { recursive: true, force: true });
      else await delay(200);
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', release);
  return release;
}
