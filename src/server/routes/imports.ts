import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { dryRunImport, previewImport } from '../../core/imports/dry-run-import.ts';
import { importErrorFile } from '../../core/imports/import-error-file.ts';
import { loadJob } from '../../core/imports/import-jobs.repository.ts';
import { listImports } from '../../core/imports/list-imports.ts';
import { revertImport } from '../../core/imports/revert-import.ts';
import { ensurePrivateDir, PRIVATE_FILE } from '../../core/files/private-files.ts';
import { runImportJob } from '../../core/imports/run-import-job.ts';
import { startImport, type ImportRequest } from '../../core/imports/start-import.ts';
import { IMPORT_REQUEST_FIELDS, parseImportRequest } from '../../core/imports/import-request.ts';
import { codedError, codedField, type FieldError, isAppError, validationError } from '../../domain/errors.ts';
import { ImportJob, ImportPreview, ImportReport } from '../../domain/import-job.ts';
import { languageOf } from '../../domain/messages.ts';
import { errorResponses, IdParams } from '../http/schemas.ts';

const tags = ['imports'];
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** Where uploaded import files wait until their job is done (KEHU_IMPORT_DIR), read once at start. */
    importDir: string;
  }
}

const FORM_FIELDS = `file (required), ${IMPORT_REQUEST_FIELDS.join(', ')}`;

/** Saves the uploaded file and reads the form's fields into an import request. */
async function receiveUpload(request: FastifyRequest): Promise<{ importRequest: ImportRequest; dryRun: boolean; path: string }> {
  const fields: Record<string, string> = {};
  let saved: { path: string; name: string } | null = null;
  const dir = request.server.importDir;
  ensurePrivateDir(dir);
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 20, fieldSize: 256 * 1024 } })) {
      if (part.type === 'file') {
        const name = basename(part.filename || 'upload.csv').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(-120);
        const path = join(dir, `${randomUUID()}-${name}`);
        saved = { path, name };
        await pipeline(part.file, createWriteStream(path, { mode: PRIVATE_FILE }));
      } else if (part.valueTruncated) {
        throw codedError('payload_too_large', 'import.form_field_too_long', { field: part.fieldname }, { errors: [{ field: part.fieldname, message: 'is longer than 256 KiB', code: 'field.too_large', params: { size: '256 KiB' } }] });
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (error) {
    if (saved) await rm(saved.path, { force: true });
    // The form parser's own complaints (a body cut short, a broken part header) are the client's, not a 500.
    const status = (error as { statusCode?: number }).statusCode;
    if (isAppError(error) || (status !== undefined && status < 500)) throw error;
    throw validationError([codedField('file', 'import.bad_multipart', { reason: (error as Error).message })]);
  }
  const errors: FieldError[] = [];
  if (!saved) errors.push(codedField('file', 'import.no_file', { fields: FORM_FIELDS }));
  let parsed: ReturnType<typeof parseImportRequest> | null = null;
  try {
    parsed = parseImportRequest(fields, { filePath: saved?.path ?? '', fileName: saved?.name ?? '' });
  } catch (error) {
    if (!isAppError(error)) throw error;
    errors.push(...error.errors);
  }
  if (errors.length > 0 || !saved || !parsed) {
    if (saved) await rm(saved.path, { force: true });
    throw validationError(errors);
  }
  return { importRequest: parsed.request, dryRun: parsed.dryRun, path: saved.path };
}

async function removeAfter<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}

export async function importRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Only this plugin's routes take multipart bodies.
  await app.register(multipart);

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Upload a CSV, XLSX or vCard file to import (multipart/form-data); returns the job, which runs in the background',
        description: `Form fields: ${FORM_FIELDS}. With dryRun=true nothing is written and the answer is the report of what would happen.`,
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, 202: ImportJob, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { importRequest, dryRun, path } = await receiveUpload(request);
      if (dryRun) return removeAfter(path, () => dryRunImport(request.ctx, importRequest));
      const job = await startImport(request.ctx, importRequest).catch(async (error: unknown) => {
        await rm(path, { force: true });
        throw error;
      });
      void runImportJob(request.deps, job.id).then(
        () => rm(path, { force: true }),
        (error: unknown) => request.log.warn({ err: error, importJob: job.id }, 'import failed'),
      );
      reply.status(202).header('location', `/api/v1/imports/${job.id}`);
      return job;
    },
  );

  app.post(
    '/api/v1/imports/preview',
    {
      schema: {
        tags,
        summary: 'Look at a file before importing it: detected encoding, headers, the guessed mapping, the first rows and a dry run of the first 200',
        consumes: ['multipart/form-data'],
        response: { 200: ImportPreview, ...errorResponses },
      },
    },
    async (request) => {
      const { importRequest, path } = await receiveUpload(request);
      return removeAfter(path, () => previewImport(request.ctx, importRequest));
    },
  );

  app.get(
    '/api/v1/imports',
    { schema: { tags, summary: 'The latest imports (your own; an admin sees everyone’s)', response: { 200: Type.Object({ items: Type.Array(ImportJob), nextCursor: Type.Null() }), ...errorResponses } } },
    (request) => listImports(request.ctx),
  );

  app.get(
    '/api/v1/imports/:id',
    { schema: { tags, summary: 'An import job: status, progress (rows, rate, ETA), counts and the first errors', params: IdParams, response: { 200: ImportJob, ...errorResponses } } },
    (request) => loadJob(request.ctx, request.params.id),
  );

  app.get(
    '/api/v1/imports/:id/errors.csv',
    {
      schema: {
        tags,
        summary: 'The rejected rows as CSV: the original row plus a 错误/error column; fix it and import it again. The reasons are in the language of lang, else Accept-Language, else English',
        params: IdParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('zh')], { description: 'the language of the reasons' })) }, { additionalProperties: false }),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const language = request.query.lang ?? languageOf(request.headers['accept-language']) ?? undefined;
      const { fileName, csv } = await importErrorFile(request.ctx, request.params.id, language);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="errors.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      return csv;
    },
  );

  app.post(
    '/api/v1/imports/:id/revert',
    { schema: { tags, summary: 'Undo a finished import: records it created are removed, records it updated get their earlier values back', params: IdParams, response: { 200: ImportJob, ...errorResponses } } },
    (request) => revertImport(request.ctx, request.params.id),
  );
}
