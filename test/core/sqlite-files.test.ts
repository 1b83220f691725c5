import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FREE_STEP_BYTES, removeSqliteFiles } from '../../src/core/backup/sqlite-files.ts';

// A backup's or restore test's scratch database is removed with its journal files, a large one
// shrunk a step at a time first (see FREE_STEP_BYTES); nothing is left, and a missing file is no error.

const work = mkdtempSync(join(tmpdir(), 'kehu-sqlite-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('removes a scratch database larger than several steps, with its -wal, -shm and -journal files, and leaves the rest of the folder', async () => {
  const scratch = join(work, 'scratch.sqlite');
  writeFileSync(scratch, 'SQLite format 3\0');
  truncateSync(scratch, 3 * FREE_STEP_BYTES + 12_345); // sparse: the size of a real copy, not its blocks
  for (const suffix of ['-wal', '-shm', '-journal']) writeFileSync(`${scratch}${suffix}`, 'x');
  writeFileSync(join(work, 'kehu-20261206-020000-schedule.kehubackup'), 'a backup beside it');
  await removeSqliteFiles(scratch);
  expect(readdirSync(work)).toEqual(['kehu-20261206-020000-schedule.kehubackup']);
});

it('is no error when the files are already gone', async () => {
  const gone = join(work, 'never-made.sqlite');
  await expect(removeSqliteFiles(gone)).resolves.toBeUndefined();
  expect(existsSync(gone)).toBe(false);
});
