import { Type, type Static } from 'typebox';
import { DEFAULT_RETENTION, type RetentionPolicy } from './backup-retention.ts';
import { Id, Literals, Nullable, optionalFields, Timestamp } from './record.ts';

const clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, the server\u2019s local time' });
const keep = (what: string) => Type.Integer({ minimum: 0, maximum: 1000, description: `keep the newest backup of each of this many ${what} that have one` });

const scheduleFields = {
  enabled: Type.Boolean({ description: 'take a backup every day (on by default)' }),
  time: clock,
  directory: Nullable(Type.String({ minLength: 1, maxLength: 1000, pattern: '^/', description: 'an absolute directory on the server (another disk, a mounted share); null: KEHU_BACKUP_DIR or <data dir>/backups' })),
  keepDaily: keep('days'),
  keepWeekly: keep('weeks'),
  keepMonthly: keep('months'),
  verifyEnabled: Type.Boolean({ description: 'run a restore test of the newest backup every week' }),
  verifyWeekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 Sunday … 6 Saturday' }),
  verifyTime: clock,
};

/** When kehu backs itself up, where to, how many it keeps, and when it tests a restore. */
export const BackupSettings = Type.Object({ ...scheduleFields, updatedAt: Nullable(Timestamp), updatedBy: Nullable(Id) });
export const BackupSettingsPatch = Type.Object(optionalFields(scheduleFields), { additionalProperties: false, minProperties: 1 });

export type BackupSchedule = { [K in keyof typeof scheduleFields]: Static<(typeof scheduleFields)[K]> };
export type BackupSettingsShape = Static<typeof BackupSettings>;
export type BackupSettingsPatchInput = Static<typeof BackupSettingsPatch>;

export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = {
  enabled: true,
  time: '02:00',
  directory: null,
  keepDaily: DEFAULT_RETENTION.daily,
  keepWeekly: DEFAULT_RETENTION.weekly,
  keepMonthly: DEFAULT_RETENTION.monthly,
  verifyEnabled: true,
  verifyWeekday: 0,
  verifyTime: '03:30',
};

export const retentionOf = (schedule: BackupSchedule): RetentionPolicy => ({ daily: schedule.keepDaily, weekly: schedule.keepWeekly, monthly: schedule.keepMonthly });

/** The schedule from a stored value, each field falling back to its default when missing or malformed. */
export function backupScheduleFrom(stored: unknown): BackupSchedule {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const pick = <K extends keyof BackupSchedule>(key: K, valid: (v: unknown) => boolean): BackupSchedule[K] =>
    (valid(value[key]) ? value[key] : DEFAULT_BACKUP_SCHEDULE[key]) as BackupSchedule[K];
  const isTime = (v: unknown) => typeof v === 'string' && /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(v);
  const isCount = (max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  return {
    enabled: pick('enabled', (v) => typeof v === 'boolean'),
    time: pick('time', isTime),
    directory: pick('directory', (v) => v === null || (typeof v === 'string' && v.startsWith('/'))),
    keepDaily: pick('keepDaily', isCount(1000)),
    keepWeekly: pick('keepWeekly', isCount(1000)),
    keepMonthly: pick('keepMonthly', isCount(1000)),
    verifyEnabled: pick('verifyEnabled', (v) => typeof v === 'boolean'),
    verifyWeekday: pick('verifyWeekday', isCount(6)),
    verifyTime: pick('verifyTime', isTime),
  };
}

export const BackupCheck = Type.Object({
  check: Literals(['file', 'schema', 'key', 'integrity', 'rows', 'checksums', 'audit', 'upgrade'] as const),
  ok: Type.Boolean(),
  detail: Type.String(),
  code: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

export const BackupFileSummary = Type.Object({
  name: Type.String(),
  bytes: Type.Integer(),
  createdAt: Nullable(Timestamp),
  trigger: Nullable(Type.String()),
  dialect: Nullable(Type.String()),
  kehuVersion: Nullable(Type.String()),
  encrypted: Type.Boolean(),
  rows: Type.Integer({ description: 'rows in all tables' }),
  customers: Type.Integer(),
  keyIds: Type.Array(Type.String()),
  problem: Nullable(Type.String({ description: 'why the file cannot be read, when it cannot' })),
  problemCode: Nullable(Type.String({ description: 'the message code of problem' })),
  problemParams: Nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  lastVerify: Nullable(Type.Object({ ok: Type.Boolean(), at: Timestamp })),
});

export const BackupRun = Type.Object({
  id: Id,
  kind: Literals(['backup', 'verify', 'restore', 'prune'] as const),
  trigger: Literals(['cli', 'api', 'schedule', 'pre-migration', 'pre-restore'] as const),
  status: Literals(['running', 'ok', 'failed'] as const),
  file: Nullable(Type.String()),
  bytes: Nullable(Type.Integer()),
  databaseBytes: Nullable(Type.Integer()),
  startedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  durationMs: Nullable(Type.Integer()),
  error: Nullable(Type.String({ description: 'why the run failed, in English' })),
  errorCode: Nullable(Type.String({ description: 'the message code of error (GET the messages in the web app’s language)' })),
  errorParams: Nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  details: Type.Unknown(),
});

export const BackupOverview = Type.Object({
  directory: Type.String(),
  encrypted: Type.Boolean({ description: 'scheduled backups are encrypted (KEHU_BACKUP_PASSPHRASE or KEHU_BACKUP_KEY_FILE is set)' }),
  settings: BackupSettings,
  nextBackupAt: Nullable(Timestamp),
  nextVerifyAt: Nullable(Timestamp),
  lastBackup: Nullable(BackupRun),
  lastGoodBackup: Nullable(BackupRun),
  lastVerify: Nullable(BackupRun),
  lastGoodVerify: Nullable(BackupRun),
  files: Type.Array(BackupFileSummary),
});

export const BackupName = Type.Object({ name: Type.String({ pattern: '^kehu-[0-9]{8}-[0-9]{6}(-[0-9]+)?-[a-z-]+\\.kehubackup$', maxLength: 80 }) });
export const RestoreBody = Type.Object(
  { confirm: Type.String({ maxLength: 80, description: 'the backup\u2019s name again: a restore replaces everything' }), force: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const PruneResult = Type.Object({ kept: Type.Array(Type.String()), deleted: Type.Array(Type.String()) });

export const RESTORE_PHASES = ['waiting', 'safety-backup', 'restoring', 'migrating'] as const;
export type RestorePhase = (typeof RESTORE_PHASES)[number];
/** A restore under way on this server: writes are paused until it ends (see /healthz). */
export const RestoreStatus = Type.Object({
  phase: Literals(RESTORE_PHASES),
  file: Type.String(),
  since: Timestamp,
  progress: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'how much of the data is copied, while the copy runs' })),
  readsPaused: Type.Boolean({ description: 'reads wait as well (PostgreSQL, while the tables are replaced)' }),
});
export type RestoreStatus = Static<typeof RestoreStatus>;

export type BackupRunShape = Static<typeof BackupRun>;
export type BackupFileSummaryShape = Static<typeof BackupFileSummary>;
export type BackupOverviewShape = Static<typeof BackupOverview>;
