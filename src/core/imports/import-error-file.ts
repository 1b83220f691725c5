import Papa from 'papaparse';
import type { Ctx } from '../context.ts';
import { findJobRow } from './import-jobs.repository.ts';
import type { StoredOptions } from './run-import-job.ts';

export const ERROR_COLUMN = '错误/error';
const BOM = '\ufeff';

/**
 * The rejected rows of an import as CSV: the original cells under the original headers plus a
 * 错误/error column saying what was wrong (column: reason; …). Fix it and import it again.
 * UTF-8 with a BOM, so Excel opens the Chinese text correctly.
 */
export async function importErrorFile(ctx: Ctx, jobId: number): Promise<{ fileName: string; csv: string }> {
  const job = await findJobRow(ctx, jobId);
  const options = ctx.dialect.parseJson<StoredOptions>(job.options);
  const headers = options.headers ?? Object.keys(ctx.dialect.parseJson<Record<string, unknown>>(job.mapping));
  const errors = await ctx.db.selectFrom('import_job_errors').select(['row', 'column', 'reason', 'cells']).where('job_id', '=', jobId).orderBy('row').orderBy('id').execute();
  const lines: string[][] = [];
  let current: { row: number; cells: string[]; reasons: string[] } | null = null;
  const flush = () => current && lines.push([...headers.map((_, i) => current?.cells[i] ?? ''), current.reasons.join('; ')]);
  for (const e of errors) {
    if (current?.row !== Number(e.row)) {
      flush();
      current = { row: Number(e.row), cells: ctx.dialect.parseJson<string[]>(e.cells), reasons: [] };
    }
    current.reasons.push(e.column ? `${e.column}: ${e.reason}` : e.reason);
  }
  flush();
  const csv = Papa.unparse({ fields: [...headers, ERROR_COLUMN], data: lines }, { newline: '\r\n' });
  const base = job.file_name.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-errors.csv`, csv: `${BOM}${csv}\r\n` };
}
