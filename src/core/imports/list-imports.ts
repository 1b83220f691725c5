import type { ImportJobShape } from '../../domain/import-job.ts';
import type { Ctx } from '../context.ts';
import { jobsQuery, toImportJob } from './import-jobs.repository.ts';

const LIMIT = 100;

/** The latest imports the actor may see (their own; an admin's: everyone's), newest first, without their errors. */
export async function listImports(ctx: Ctx, options: { limit?: number } = {}): Promise<{ items: ImportJobShape[]; nextCursor: null }> {
  const rows = await jobsQuery(ctx).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(options.limit ?? LIMIT, LIMIT)).execute();
  return { items: rows.map((row) => toImportJob(ctx, row, [])), nextCursor: null };
}
