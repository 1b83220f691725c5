import { rmSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import BrowserLaneSequencer from './test/support/browser-lane-sequencer.ts';

// The tests run at the priority of kehu's job threads (nice 10, src/core/worker/job-priority.cjs), as
// a server's idle thread would beside them: at nice 0, two busy test files left a backup's or a restore
// test's worker thread a tenth of a core (the upgrade-backup test took 38 s instead of 23 s under load).
// Set here, in vitest's own process, so every test process, browser and CLI process started from it inherits it.
try {
  if (getPriority() < 10) setPriority(10);
} catch {
  // not allowed here: the tests run as they were started
}

// The browser journeys of this run take one lane, one journey at a time (test/browser/lane.ts); one
// left by an earlier run of the same process id is cleared first (its holder's id may be in use again).
if (!process.env.KEHU_BROWSER_LANE) {
  const lane = join(tmpdir(), `kehu-browser-lane-${process.pid}`);
  rmSync(lane, { recursive: true, force: true });
  process.env.KEHU_BROWSER_LANE = lane;
}

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // A timeout is a hang guard, not a speed check (benches time things): generous for a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    // Three files at once, both projects in one pool: two of the API, CLI and core files beside one
    // browser journey. The journeys wait for the browser lane, so only one runs at a time (two at
    // once, one now and then missed a dialog), and the sequencer spreads them over the run; they
    // mostly wait on the browser, so the third process costs little CPU. (A project of its own with
    // maxWorkers 1 would run after all the others, alone: ~450 s of a 2-core machine half idle.)
    maxWorkers: 3,
    sequence: { sequencer: BrowserLaneSequencer },
    projects: [
      { extends: true, test: { name: 'core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/browser/**'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], setupFiles: ['test/browser/lane-setup.ts'] } },
    ],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
