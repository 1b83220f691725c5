import { codedError } from '../../domain/errors.ts';
import type { RestorePhase, RestoreStatus } from '../../domain/backup.ts';

/** Undoes one admit or hold; calling it twice counts once. */
export type Release = () => void;

/** How long a restore waits for the writes already running before it gives up (and restores nothing). */
export const DRAIN_WAIT_MS = 30_000;
/** What a refused writer is told to wait, in seconds (Retry-After). */
export const RETRY_AFTER_SECONDS = 30;

/**
 * The server's maintenance gate. While a restore runs, new writes are refused (503 server.restoring)
 * and the background jobs skip their turn; the writes already running when it closes are waited for,
 * so that the safety backup holds them. One per server process (see openDeps).
 */
export class WriteGate {
  #status: RestoreStatus | null = null;
  #running = 0;
  #drained: Array<() => void> = [];

  /** What the restore is doing, null while writes are open. */
  get restoring(): RestoreStatus | null {
    return this.#status;
  }

  /** Writes and background jobs under way now. */
  get running(): number {
    return this.#running;
  }

  /** True while even reads cannot be answered (PostgreSQL replaces its tables in one transaction). */
  get readsPaused(): boolean {
    return this.#status?.readsPaused === true;
  }

  /** A write request comes in: admitted while the gate is open, else refused with server.restoring. */
  admit(): Release {
    if (this.#status) throw restoringError();
    return this.hold();
  }

  /** Work that an admitted write started and that goes on after it (an import job): the restore waits for it. */
  hold(): Release {
    this.#running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      if (this.#running === 0) for (const resolve of this.#drained.splice(0)) resolve();
    };
  }

  /** A background job's turn (a scheduled backup, the pool's daily return): skipped, as null, while a restore runs. */
  async whenOpen<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.#status) return null;
    const release = this.hold();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /**
   * Closes the gate for a restore of `file` and waits up to `waitMs` for the writes already running.
   * When they do not finish in time the gate opens again and the restore is refused (backup.writes_busy).
   */
  async close(file: string, now: Date, waitMs = DRAIN_WAIT_MS): Promise<void> {
    if (this.#status) throw codedError('conflict', 'backup.running');
    this.#status = { phase: 'waiting', file, since: now.toISOString(), progress: null, readsPaused: false };
    if (this.#running === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((resolve) => this.#drained.push(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (!drained) {
      const running = this.#running;
      this.open();
      throw codedError('conflict', 'backup.writes_busy', { running, seconds: Math.round(waitMs / 1000) });
    }
  }

  /** The restore moves on: its phase, how far the copy is (0 to 1), whether reads must wait. */
  update(phase: RestorePhase, progress: number | null = null, readsPaused = false): void {
    if (this.#status) this.#status = { ...this.#status, phase, progress, readsPaused };
  }

  open(): void {
    this.#status = null;
  }
}

export const restoringError = () => Object.assign(codedError('unavailable', 'server.restoring'), { retryAfterSeconds: RETRY_AFTER_SECONDS });
