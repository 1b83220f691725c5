import type { AuditEntryShape } from '../../../../src/domain/audit.ts';
import type { BackupFileSummaryShape, BackupOverviewShape, BackupRunShape, BackupSettingsPatchInput, BackupSettingsShape } from '../../../../src/domain/backup.ts';
import type { HealthReportShape, MaintenanceResultShape } from '../../../../src/domain/health.ts';
import type { CustomFieldCreateInput, CustomFieldPatchInput, CustomFieldShape } from '../../../../src/domain/custom-field.ts';
import type { PipelineStageCreateInput, PipelineStagePatchInput } from '../../../../src/domain/pipeline-stage.ts';
import type { ResetLinkShape } from '../../../../src/domain/password-reset.ts';
import type { PageOf } from '../../../../src/domain/record.ts';
import type { PoolSettingsPatchInput, PoolSettingsShape } from '../../../../src/domain/settings.ts';
import type { RecycleBinFilter, RecycleBinItemShape } from '../../../../src/domain/recycle-bin.ts';
import type { ApiTokenCreate, ApiToken as ApiTokenShape } from '../../../../src/domain/token.ts';
import type { TeamCreateInput, TeamPatchInput, TeamShape } from '../../../../src/domain/team.ts';
import type { UserAddInput, UserListItemShape, UserPatchInput, UserShape } from '../../../../src/domain/user.ts';
import type { WorkspaceTimePatchInput, WorkspaceTimeShape } from '../../../../src/domain/workspace-time.ts';
import { request, type PipelineStageShape } from '../../lib/api.ts';

export type { ApiTokenShape, AuditEntryShape, BackupFileSummaryShape, BackupOverviewShape, BackupRunShape, BackupSettingsShape, HealthReportShape, CustomFieldShape, RecycleBinItemShape, TeamShape, UserListItemShape };
export type AuditFilter = { entity?: string | undefined; actor?: number | undefined; action?: AuditEntryShape['action'] | undefined; from?: string | undefined; to?: string | undefined };

export const adminApi = {
  users: {
    list: () => request<{ items: UserListItemShape[] }>('GET', '/users'),
    add: (input: UserAddInput) => request<UserShape>('POST', '/users', { body: input }),
    update: (id: number, patch: UserPatchInput) => request<UserShape>('PATCH', `/users/${id}`, { body: patch }),
    setPassword: (id: number, password: string) => request<void>('POST', `/users/${id}/password`, { body: { password } }),
    resetLink: (id: number) => request<ResetLinkShape>('POST', `/users/${id}/reset-link`),
  },
  pool: {
    get: () => request<PoolSettingsShape>('GET', '/settings/pool'),
    update: (patch: PoolSettingsPatchInput) => request<PoolSettingsShape>('PATCH', '/settings/pool', { body: patch }),
  },
  timeZone: {
    get: () => request<WorkspaceTimeShape>('GET', '/settings/time-zone'),
    update: (patch: WorkspaceTimePatchInput) => request<WorkspaceTimeShape>('PATCH', '/settings/time-zone', { body: patch }),
  },
  teams: {
    list: () => request<{ items: TeamShape[] }>('GET', '/teams'),
    add: (input: TeamCreateInput) => request<TeamShape>('POST', '/teams', { body: input }),
    update: (id: number, patch: TeamPatchInput) => request<TeamShape>('PATCH', `/teams/${id}`, { body: patch }),
    remove: (id: number) => request<void>('DELETE', `/teams/${id}`),
  },
  customFields: {
    list: () => request<PageOf<CustomFieldShape>>('GET', '/custom-fields', { query: { limit: 200 } }),
    add: (input: CustomFieldCreateInput) => request<CustomFieldShape>('POST', '/custom-fields', { body: input }),
    update: (id: number, patch: CustomFieldPatchInput, version: number) => request<CustomFieldShape>('PATCH', `/custom-fields/${id}`, { body: patch, version }),
    remove: (id: number, version: number) => request<void>('DELETE', `/custom-fields/${id}`, { version }),
  },
  stages: {
    list: () => request<PageOf<PipelineStageShape>>('GET', '/pipeline-stages'),
    add: (input: PipelineStageCreateInput) => request<PipelineStageShape>('POST', '/pipeline-stages', { body: input }),
    update: (id: number, patch: PipelineStagePatchInput, version: number) => request<PipelineStageShape>('PATCH', `/pipeline-stages/${id}`, { body: patch, version }),
    remove: (id: number, version: number) => request<void>('DELETE', `/pipeline-stages/${id}`, { version }),
  },
  audit: {
    list: (filter: AuditFilter & { cursor?: string | undefined }) => request<PageOf<AuditEntryShape>>('GET', '/audit', { query: { ...filter, limit: 50 } }),
  },
  tokens: {
    list: () => request<{ items: ApiTokenShape[] }>('GET', '/tokens'),
    create: (input: ApiTokenCreate) => request<ApiTokenShape & { token: string }>('POST', '/tokens', { body: input }),
    revoke: (id: number) => request<ApiTokenShape>('DELETE', `/tokens/${id}`),
    revokeAllMine: () => request<{ userId: number; revoked: number[] }>('POST', '/tokens/revoke-all'),
  },
  backups: {
    overview: () => request<BackupOverviewShape>('GET', '/backups'),
    runs: () => request<{ items: BackupRunShape[] }>('GET', '/backups/runs'),
    create: () => request<{ started: string }>('POST', '/backups'),
    verify: (name: string) => request<{ started: string }>('POST', `/backups/${encodeURIComponent(name)}/verify`),
    restore: (name: string, force: boolean) => request<{ started: string }>('POST', `/backups/${encodeURIComponent(name)}/restore`, { body: { confirm: name, force } }),
    prune: () => request<{ kept: string[]; deleted: string[] }>('POST', '/backups/prune'),
    updateSettings: (patch: BackupSettingsPatchInput) => request<BackupSettingsShape>('PATCH', '/backups/settings', { body: patch }),
  },
  health: {
    report: () => request<HealthReportShape>('GET', '/health'),
    maintain: (action: 'optimize' | 'vacuum') => request<MaintenanceResultShape>('POST', '/health/maintenance', { body: { action } }),
  },
  recycleBin: {
    list: (filter: RecycleBinFilter) => request<PageOf<RecycleBinItemShape>>('GET', '/recycle-bin', { query: filter }),
    restore: (item: Pick<RecycleBinItemShape, 'type' | 'id'>) => request<unknown>('POST', `/${item.type}/${item.id}/restore`),
  },
};
