import Papa from 'papaparse';
import { importReason, storedReason } from '../../domain/import-job.ts';
import type { Language, MessageParams } from '../../domain/messages.ts';
import type { Ctx } from '../context.ts';
import { findJobRow } from './import-jobs.repository.ts';
import type { StoredOptions } from './run-import-job.ts';

export const ERROR_COLUMN = '错误/error';
const BOM = '\ufeff';

/**
 * The rejected rows of an import as CSV: the original cells under the original headers plus a
 * 错误/error column saying what was wrong (column: reason; …). Fix it and import it again.
 * UTF-8 with a BOM, so Excel opens the Chinese text correctly. The reasons are in `language`
 * where their code allows (English otherwise, and without a language).
 */
export async function importErrorFile(ctx: Ctx, jobId: number, language?: Language): Promise<{ fileName: string; csv: string }> {
  const job = await findJobRow(ctx, jobId);
  const options = ctx.dialect.parseJson<StoredOptions>(job.options);
  const headers = options.headers ?? Object.keys(ctx.dialect.parseJson<Record<string, unknown>>(job.mapping));
  const errors = await ctx.db.selectFrom('import_job_errors').select(['row', 'column', 'reason', 'cells', 'code', 'params']).where('job_id', '=', jobId).orderBy('row').orderBy('id').execute();
  const lines: string[][] = [];
  let current: { row: number; cells: string[]; reasons: string[] } | null = null;
  const flush = () => current && lines.push([...headers.map((_, i) => current?.cells[i] ?? ''), current.reasons.join('; ')]);
  for (const e of errors) {
    if (current?.row !== Number(e.row)) {
      flush();
      current = { row: Number(e.row), cells: ctx.dialect.parseJson<string[]>(e.cells), reasons: [] };
    }
    const reason = language ? importReason(language, { reason: e.reason, ...storedReason(e.code, e.params === null ? null : ctx.dialect.parseJson<MessageParams>(e.params)) }) : e.reason;
    current.reasons.push(e.column ? `${e.column}${language === 'zh' ? '：' : ': '}${reason}` : reason);
  }
  flush();
  const csv = Papa.unparse({ fields: [...headers, ERROR_COLUMN], data: lines }, { newline: '\r\n' });
  const base = job.file_name.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-errors.csv`, csv: `${BOM}${csv}\r\n` };
}

