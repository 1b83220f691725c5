import { existsSync, rmSync } from 'node:fs';
import { backupsToKeep, type RetentionPolicy } from '../../domain/backup-retention.ts';
import { removeLeftovers } from './backup-dir.ts';
import { listBackups } from './list-backups.ts';

export interface PruneReport {
  kept: string[];
  deleted: string[];
}

/**
 * Deletes the backups the retention policy does not keep (and what killed backups left behind).
 * Files that cannot be read are left alone: they are someone's to look at.
 */
export function pruneBackups(dir: string, policy: RetentionPolicy, options: { now: Date; dryRun?: boolean; utcOffsetMinutes?: number }): PruneReport {
  // A folder that is not there holds nothing to prune; making it would hide a mistyped path.
  if (!existsSync(dir)) return { kept: [], deleted: [] };
  removeLeftovers(dir);
  const readable = listBackups(dir).filter((b): b is typeof b & { createdAt: string } => b.createdAt !== null);
  const offset = options.utcOffsetMinutes ?? -options.now.getTimezoneOffset();
  const keep = backupsToKeep(readable.map((b) => ({ name: b.name, createdAt: b.createdAt, trigger: b.manifest?.trigger })), policy, offset);
  const deleted = readable.filter((b) => !keep.has(b.name));
  if (!options.dryRun) for (const backup of deleted) rmSync(backup.path, { force: true });
  return { kept: readable.filter((b) => keep.has(b.name)).map((b) => b.name), deleted: deleted.map((b) => b.name) };
}
