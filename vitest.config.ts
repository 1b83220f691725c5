import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // A timeout is a hang guard, not a speed check (benches time things): generous for a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    // Three files at once: two of the API, CLI and core files beside one browser journey. The
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
