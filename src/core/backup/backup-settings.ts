import { fieldChanges } from '../../domain/audit.ts';
import { backupScheduleFrom, BackupSettingsPatch, type BackupSchedule, type BackupSettingsPatchInput, type BackupSettingsShape } from '../../domain/backup.ts';
import { validationError } from '../../domain/errors.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Actor, type Deps } from '../context.ts';
import { shapeChecker } from '../records/check-shape.ts';
import { backupDirProblem } from './backup-dir.ts';
import { readSetting, writeSetting } from '../settings/settings.repository.ts';

const checkPatch = shapeChecker(BackupSettingsPatch);

export async function getBackupSettings(deps: Pick<Deps, 'db' | 'dialect'>): Promise<BackupSettingsShape> {
  const stored = await readSetting(deps, 'backup');
  return { ...backupScheduleFrom(stored?.value), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
}

export const backupSchedule = async (deps: Pick<Deps, 'db' | 'dialect'>): Promise<BackupSchedule> => backupScheduleFrom((await readSetting(deps, 'backup'))?.value);

/** Changes when and where kehu backs itself up (admins; the CLI as nobody); audited with before/after. */
export async function updateBackupSettings(ctx: Deps & { actor: Actor | null }, patch: BackupSettingsPatchInput): Promise<BackupSettingsShape> {
  if (ctx.actor) assertAdmin(ctx.actor);
  const errors = checkPatch(patch);
  if (errors.length > 0) throw validationError(errors);
  // Said now, not by the night's backup failing: a directory newly chosen must be a folder kehu can write to.
  // The one already chosen is not judged again: while its disk is away the rest of the settings can still change.
  const isNewDirectory = typeof patch.directory === 'string' && patch.directory !== (await backupSchedule(ctx)).directory;
  const directoryProblem = isNewDirectory && typeof patch.directory === 'string' ? backupDirProblem(patch.directory) : null;
  if (directoryProblem) throw validationError([directoryProblem]);
  return inTransaction(ctx, async (tx) => {
    const before = await backupSchedule(tx);
    const after: BackupSchedule = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await writeSetting(tx, 'backup', after, ctx.actor?.userId ?? null, nowIso(tx));
    await recordAudit(tx, { action: 'update', entity: 'backup_settings', entityId: null, changes: fieldChanges(before, after) });
    return getBackupSettings(tx);
  });
}
