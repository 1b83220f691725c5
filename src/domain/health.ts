import { Type, type Static } from 'typebox';
import { BackupRun } from './backup.ts';
import { Literals, Nullable } from './record.ts';

export const HealthReport = Type.Object({
  dialect: Literals(['sqlite', 'postgres'] as const),
  databaseBytes: Type.Integer(),
  walBytes: Nullable(Type.Integer()),
  growthBytesPerDay: Nullable(Type.Integer({ description: 'from the sizes recorded with backups over the last 30 days' })),
  tables: Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer() })),
  integrity: Type.Object({ ok: Type.Boolean(), problems: Type.Array(Type.String()) }),
  lastBackup: Nullable(BackupRun),
  lastGoodBackup: Nullable(BackupRun),
  lastRestoreTest: Nullable(BackupRun),
  lastGoodRestoreTest: Nullable(BackupRun),
  deferredIndexes: Type.Array(Type.Object({ name: Type.String(), table: Type.String(), since: Type.String() })),
  slowRoutes: Type.Array(
    Type.Object({ method: Type.String(), route: Type.String(), count: Type.Integer(), errors: Type.Integer(), p95Ms: Nullable(Type.Number()), meanMs: Type.Number(), maxMs: Type.Number() }),
  ),
});

export const MaintenanceBody = Type.Object({ action: Literals(['optimize', 'vacuum'] as const) }, { additionalProperties: false });
export const MaintenanceResult = Type.Object({ action: Type.String(), beforeBytes: Type.Integer(), afterBytes: Type.Integer(), seconds: Type.Number() });

export type HealthReportShape = Static<typeof HealthReport>;
export type MaintenanceResultShape = Static<typeof MaintenanceResult>;
