import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import type { BackupTrigger } from '../../src/core/backup/backup-format.ts';
import { pruneBackups } from '../../src/core/backup/prune-backups.ts';
import { forEachDialect } from '../support/databases.ts';

// Retention keeps the newest backup of each day, week and month. The backup taken before an upgrade
// is not one more copy of its day: it is the only one the previous kehu can read (README, Upgrading:
// "to go back … restore the pre-migration backup"); the one taken before a restore holds what the
// restore replaced. A manual backup later that day must not make the next prune delete either.

forEachDialect('retention and the backups taken before an upgrade or a restore', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-retention-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const take = (at: string, trigger: BackupTrigger) => createBackup(db(), new Date(at), { dir, trigger, secret: null });

  it('keeps the newest pre-migration and pre-restore backups whatever came after them that day; older ones go by the rules', async () => {
    const oldUpgrade = await take('2026-03-02T09:00:00.000Z', 'pre-migration');
    const oldNight = await take('2026-03-03T02:00:00.000Z', 'schedule');
    const upgrade = await take('2026-03-10T09:00:00.000Z', 'pre-migration');
    const after = await take('2026-03-10T09:30:00.000Z', 'manual');
    const beforeRestore = await take('2026-03-10T14:00:00.000Z', 'pre-restore');
    const night = await take('2026-03-11T02:00:00.000Z', 'schedule');
    const report = pruneBackups(dir, { daily: 2, weekly: 0, monthly: 0 }, { now: new Date('2026-03-11T03:00:00.000Z'), utcOffsetMinutes: 0 });
    expect(report.kept.sort()).toEqual([upgrade.name, beforeRestore.name, night.name].sort());
    expect(report.deleted.sort()).toEqual([oldUpgrade.name, oldNight.name, after.name].sort());
    expect(existsSync(upgrade.path)).toBe(true);
    expect(existsSync(beforeRestore.path)).toBe(true);
  }, 120_000);
});
