import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareBackupDir } from '../../src/core/backup/backup-dir.ts';
import { pruneBackups } from '../../src/core/backup/prune-backups.ts';

// Several kehu servers can share one database, and so one backup folder chosen on the admin page —
// a share mounted on each machine. A backup being written by the server on another machine is a
// hidden partial file whose process this machine cannot see: taking it for a killed backup's
// leftover and deleting it would fail that backup. What this machine's killed backups left goes.

describe('partial backup files in a folder shared by several machines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-leftovers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;

  it('another machine’s backup under way is left alone by a backup or a prune here; this machine’s leftovers are removed', () => {
    const theirs = [`.kehu-20261206-020000-schedule.kehubackup@db-server-2.${deadPid}.partial`, `.kehu-20261206-020000-schedule.kehubackup.sqlite@db-server-2.${deadPid}.partial-wal`];
    const ours = [`.kehu-20261206-010000-manual.kehubackup@${hostname()}.${deadPid}.partial`, `.kehu-20261206-010000-manual.kehubackup.sqlite@${hostname()}.${deadPid}.partial-shm`];
    const unnamed = `.kehu-20261205-010000-manual.kehubackup.${deadPid}.partial`;
    const someoneElses = ['notes.txt', '.hidden.partial'];
    for (const name of [...theirs, ...ours, unnamed, ...someoneElses]) writeFileSync(join(dir, name), 'x');

    prepareBackupDir(dir);
    expect(readdirSync(dir).sort()).toEqual([...theirs, ...someoneElses].sort());
    pruneBackups(dir, { daily: 1, weekly: 0, monthly: 0 }, { now: new Date() });
    expect(readdirSync(dir).sort()).toEqual([...theirs, ...someoneElses].sort());
  });
});
