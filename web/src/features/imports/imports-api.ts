import { currentLanguage } from '../../app/i18n/index.ts';
import type { QueryClient } from '@tanstack/react-query';
import type { ImportJobShape, ImportPreviewShape, ImportReportShape } from '../../../../src/domain/import-job.ts';
import { ME } from '../../app/session.tsx';
import { ApiError, problemOf, request } from '../../lib/api.ts';

export type { ImportJobShape, ImportPreviewShape, ImportReportShape };
export type ImportType = ImportPreviewShape['type'];
export type ColumnMap = Record<string, string | null>;

export { IMPORT_FIELDS, IMPORT_TYPES } from '../../../../src/domain/import-fields.ts';
export const ON_DUPLICATE = ['skip', 'update', 'create'] as const;
export const ON_COMPANY = ['link', 'keep'] as const;
export const MATCH_KEYS = ['externalId', 'email', 'phone', 'name'] as const;

export interface ImportForm {
  file: File;
  type: ImportType;
  encoding?: string | undefined;
  sheet?: string | undefined;
  columns?: ColumnMap | undefined;
  onDuplicate?: (typeof ON_DUPLICATE)[number] | undefined;
  updateMode?: 'fill' | 'overwrite' | undefined;
  matchOn?: string[] | undefined;
  createCustomFields?: boolean | undefined;
  onCompany?: (typeof ON_COMPANY)[number] | undefined;
  onInvalidValue?: 'skip-row' | 'keep-row' | undefined;
}

/** Sends the file and the wizard's choices as multipart/form-data, with the session's CSRF token. */
async function upload<T>(client: QueryClient, path: string, form: ImportForm, extra: Record<string, string> = {}): Promise<T> {
  const body = new FormData();
  const fields: Record<string, string | undefined> = {
    type: form.type,
    encoding: form.encoding,
    sheet: form.sheet,
    mapping: form.columns ? JSON.stringify(form.columns) : undefined,
    onDuplicate: form.onDuplicate,
    updateMode: form.onDuplicate === 'update' ? form.updateMode : undefined,
    matchOn: form.matchOn?.join(','),
    createCustomFields: form.createCustomFields ? 'true' : undefined,
    onCompany: form.type === 'contacts' ? form.onCompany : undefined,
    onInvalidValue: form.onInvalidValue,
    ...extra,
  };
  // the fields go first: the server reads the form in order and streams the file to disk
  for (const [key, value] of Object.entries(fields)) if (value) body.append(key, value);
  body.append('file', form.file, form.file.name);
  const csrf = client.getQueryData<{ csrfToken: string | null } | null>(ME)?.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) } });
  } catch (error) {
    throw new ApiError(0, 'offline', error instanceof Error ? error.message : 'network error');
  }
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

export const importsApi = {
  preview: (client: QueryClient, form: ImportForm) => upload<ImportPreviewShape>(client, '/imports/preview', form),
  dryRun: (client: QueryClient, form: ImportForm) => upload<ImportReportShape>(client, '/imports', form, { dryRun: 'true' }),
  start: (client: QueryClient, form: ImportForm) => upload<ImportJobShape>(client, '/imports', form),
  get: (id: number) => request<ImportJobShape>('GET', `/imports/${id}`),
  list: () => request<{ items: ImportJobShape[] }>('GET', '/imports'),
  revert: (id: number) => request<ImportJobShape>('POST', `/imports/${id}/revert`, { body: {} }),
  errorsUrl: (id: number) => `/api/v1/imports/${id}/errors.csv?lang=${currentLanguage()}`,
};
