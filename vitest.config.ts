import { getPriority, setPriority } from 'node:os';
import { defineConfig } from 'vitest/config';

// The tests run at the priority of kehu's job threads (nice 10, src/core/worker/job-priority.cjs), as
// a server's idle thread would beside them: at nice 0, two busy test files left a backup's or a restore
// test's worker thread a tenth of a core (the upgrade-backup test took 38 s instead of 23 s under load).
// Set here, in vitest's own process, so every test process, browser and CLI process started from it inherits it.
try {
  if (getPriority() < 10) setPriority(10);
} catch {
  // not allowed here: the tests run as they were started
}

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // A timeout is a hang guard, not a speed check (benches time things): generous for a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    // Three files at once: two of the API, CLI and core files, then one browser journey at a time. The
    // journeys run one after another (two at once, one now and then missed a dialog); they mostly
    // wait on the browser, so the third process costs little CPU (tests ~1,650 s one file at a time).
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/browser/**'], maxWorkers: 2 } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], maxWorkers: 1 } },
    ],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
