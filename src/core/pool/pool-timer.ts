import type { Deps } from '../context.ts';
import { returnStaleCustomers, type ReturnStaleResult } from './return-stale-customers.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface PoolTimer {
  /** Runs the daily return if a day has passed (by deps.clock) since the last run; the timer calls it hourly. */
  tick(): Promise<ReturnStaleResult | null>;
  stop(): void;
}

/**
 * Returns untouched customers to the pool once a day inside `kehu serve`: a minute after start,
 * then whenever an hourly check finds a day gone by. The timers are unref'd, so they never keep
 * the process alive, and a failure is logged, never thrown.
 */
export function startPoolTimer(deps: Deps, log: (line: string) => void): PoolTimer {
  let lastRun: number | null = null;
  let running = false;
  async function tick(): Promise<ReturnStaleResult | null> {
    const now = deps.clock.now().getTime();
    // While a restore runs the day's return waits for the next hourly check.
    if (running || deps.writeGate?.restoring || (lastRun !== null && now - lastRun < DAY_MS)) return null;
    running = true;
    lastRun = now;
    const release = deps.writeGate?.hold();
    try {
      const result = await returnStaleCustomers({ ...deps, actor: null });
      if (result.returned.length > 0) {
        log(`kehu: returned ${result.returned.length} customers untouched for ${result.returnAfterDays} days to the public pool`);
      }
      return result;
    } catch (error) {
      log(`kehu: returning untouched customers to the pool failed: ${(error as Error).message}`);
      return null;
    } finally {
      release?.();
      running = false;
    }
  }
  const first = setTimeout(() => void tick(), MINUTE_MS);
  const hourly = setInterval(() => void tick(), HOUR_MS);
  first.unref();
  hourly.unref();
  return {
    tick,
    stop() {
      clearTimeout(first);
      clearInterval(hourly);
    },
  };
}
