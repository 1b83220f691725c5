import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import type { Actor, Deps } from '../../core/context.ts';
import { dryRunImport } from '../../core/imports/dry-run-import.ts';
import { importErrorFile } from '../../core/imports/import-error-file.ts';
import { runImportJob, type ImportProgress } from '../../core/imports/run-import-job.ts';
import { prepareImport, startImport, type ImportRequest } from '../../core/imports/start-import.ts';
import { codedError, codedField, validationError } from '../../domain/errors.ts';
import { ExitStatus, PARTIAL_EXIT } from '../exit-codes.ts';
import type { ImportJobShape, ImportReportShape } from '../../domain/import-job.ts';
import { IMPORT_TYPES, MATCH_KEYS, ON_DUPLICATE, ON_COMPANY, ON_INVALID_VALUE, UPDATE_MODES, type MappingFileShape } from '../../domain/import-mapping.ts';
import { FLAG_NAMES, parseImportRequest } from '../../core/imports/import-request.ts';
import { importReason } from '../../domain/import-job.ts';
import { say } from '../cli-words.ts';
import { note, print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';
import { consoleActor } from '../../core/access/console-actor.ts';
import { revertImport } from '../../core/imports/revert-import.ts';
import { PRIVATE_FILE } from '../../core/files/private-files.ts';

interface ImportOptions {
  type?: (typeof IMPORT_TYPES)[number];
  mapping?: string;
  saveMapping?: string;
  onDuplicate?: (typeof ON_DUPLICATE)[number];
  updateMode?: (typeof UPDATE_MODES)[number];
  onInvalidValue?: (typeof ON_INVALID_VALUE)[number];
  onCompany?: (typeof ON_COMPANY)[number];
  matchOn?: string;
  dryRun?: boolean;
  encoding?: string;
  sheet?: string;
  delimiter?: string;
  as?: string;
  json?: boolean;
  resume?: string;
  revert?: string;
  createCustomFields?: boolean;
  keepUnknownColumns?: boolean;
  errorFile?: string;
  batchSize?: string;
}

/** The mapping file's text, for parseImportRequest to check. */
function readMappingText(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw validationError([codedField('--mapping', 'cli.cannot_read', { path, reason: (error as Error).message })]);
  }
}

function progressReporter(io: CliIo, quiet: boolean): { update(p: ImportProgress): void; stop(): void } {
  const stream = io.stderr as NodeJS.WriteStream;
  if (quiet) return { update: () => undefined, stop: () => undefined };
  let indexing = false;
  const indexingNote = (p: ImportProgress) => {
    if (!indexing) note(io, `kehu: ${say(io, 'all {{n}} rows are in; building the indexes this large import deferred', { n: p.rows.toLocaleString('en-US') })}`);
    indexing = true;
  };
  if (!stream.isTTY) {
    let lastAt = 0;
    return {
      update(p) {
        if (p.phase === 'indexing') return indexingNote(p);
        const now = Date.now();
        if (now - lastAt < 1_000) return;
        lastAt = now;
        const eta = p.estimatedRows && p.rate ? Math.max(0, Math.round((p.estimatedRows - p.rows) / p.rate)) : null;
        const params = { n: p.rows.toLocaleString('en-US'), of: (p.estimatedRows ?? 0).toLocaleString('en-US'), rate: p.rate.toLocaleString('en-US'), eta: eta ?? '' };
        const counted = p.estimatedRows ? say(io, '{{n}} of ~{{of}} rows, {{rate}} rows/s', params) : say(io, '{{n}} rows, {{rate}} rows/s', params);
        note(io, `kehu: ${counted}${eta === null ? '' : say(io, ', ETA {{eta}} s', params)}`);
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: say(io, 'importing [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta}s'), hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (p.phase === 'indexing') {
        if (started && !indexing) bar.stop();
        return indexingNote(p);
      }
      const total = Math.max(p.rows, p.estimatedRows ?? p.rows);
      if (!started) bar.start(total, p.rows, { rate: p.rate });
      started = true;
      bar.setTotal(total);
      bar.update(p.rows, { rate: p.rate.toLocaleString('en-US') });
    },
    stop: () => started && !indexing && bar.stop(),
  };
}

function saveMapping(path: string, type: MappingFileShape['type'], columns: MappingFileShape['columns'], options: ImportRequest['options']): void {
  const file: MappingFileShape = {
    type,
    columns,
    ...(options?.onDuplicate ? { onDuplicate: options.onDuplicate } : {}),
    ...(options?.updateMode ? { updateMode: options.updateMode } : {}),
    ...(options?.matchOn ? { matchOn: options.matchOn } : {}),
    ...(options?.onInvalidValue ? { onInvalidValue: options.onInvalidValue } : {}),
    ...(options?.onCompany ? { onCompany: options.onCompany } : {}),
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

function writeErrorFile(io: CliIo, path: string, csv: string): string | null {
  try {
    // the rows that failed: customer data, for kehu's user only
    writeFileSync(path, csv, { mode: PRIVATE_FILE });
    return path;
  } catch (error) {
    note(io, `kehu: ${say(io, 'could not write the error file {{file}}: {{reason}}', { file: path, reason: (error as Error).message })}`);
    return null;
  }
}

/** A vCard's row is the line its card begins on. */
const rowName = (io: CliIo, format: unknown, row: number): string => say(io, format === 'vcard' ? 'card at line {{row}}' : 'row {{row}}', { row });

/** One rejected row or left-out value: where, and why in the CLI's language. */
const problemLine = (io: CliIo, format: unknown, e: ImportJobShape['errors'][number]): string =>
  `  ${rowName(io, format, e.row)}${e.column ? `, ${e.column}` : ''}: ${importReason(io.language ?? 'en', e)}`;

function reportJob(io: CliIo, job: ImportJobShape, errorFile: string | null): void {
  const { created, updated, skipped, invalid } = job.counts;
  print(io, say(io, 'Import {{id}} of {{file}} ({{type}}): {{status}}', { id: job.id, file: job.fileName, type: say(io, job.type), status: say(io, job.status) }));
  print(io, `  ${say(io, '{{created}} created, {{updated}} updated, {{skipped}} skipped as duplicates, {{invalid}} invalid', { created, updated, skipped, invalid })}`);
  if (job.contactsCreated > 0) print(io, `  ${say(io, '{{n}} contact people added to their customers', { n: job.contactsCreated })}`);
  if (job.rowsWithDroppedValues > 0) print(io, `  ${say(io, '{{n}} rows imported without a bad value (see below and the error file)', { n: job.rowsWithDroppedValues })}`);
  for (const e of job.errors.slice(0, 10)) print(io, problemLine(io, job.options.format, e));
  if (invalid > 10) print(io, `  ${say(io, '… and more')}`);
  if (errorFile) print(io, `  ${say(io, 'rows with a problem, with the reason: {{file}} (fix and import it again)', { file: errorFile })}`);
  const leftOut = Object.entries(job.mapping).flatMap(([column, field]) => (field === null ? [column] : []));
  if (leftOut.length > 0) print(io, `  ${say(io, '{{n}} column(s) not imported: {{columns}} (--keep-unknown-columns keeps them as custom fields)', { n: leftOut.length, columns: leftOut.join(', ') })}`);
  if (job.error) print(io, `  ${say(io, 'stopped: {{error}}', { error: job.error })}`);
  print(io, `  ${say(io, 'undo with: kehu import --revert {{id}}', { id: job.id })}`);
}

/** Each column and the field it goes to (or that it is left out). */
const mappingText = (io: CliIo, mapping: Record<string, string | null>) => Object.entries(mapping).map(([h, f]) => `${h} → ${f ?? say(io, '(ignored)')}`).join(', ');

function reportDryRun(io: CliIo, report: ImportReportShape): void {
  const { created, updated, skipped, invalid } = report.counts;
  const format = `${report.format}${report.encoding ? `, ${report.encoding}` : ''}`;
  print(io, say(io, 'Dry run of {{n}} rows of {{type}} ({{format}}) — nothing was written:', { n: report.rows, type: say(io, report.type), format }));
  print(io, `  ${say(io, 'would create {{created}}, update {{updated}}, skip {{skipped}} duplicates; {{invalid}} invalid', { created, updated, skipped, invalid })}`);
  if (report.contactsCreated > 0) print(io, `  ${say(io, 'would add {{n}} contact people to their customers', { n: report.contactsCreated })}`);
  if (report.rowsWithDroppedValues > 0) print(io, `  ${say(io, 'would import {{n}} rows without a bad value', { n: report.rowsWithDroppedValues })}`);
  print(io, `  ${say(io, 'mapping: {{columns}}', { columns: mappingText(io, report.mapping) })}`);
  if (report.leftOut.length > 0) print(io, `  ${say(io, '{{n}} column(s) not imported: {{columns}}; --keep-unknown-columns keeps them as custom fields', { n: report.leftOut.length, columns: report.leftOut.map((l) => `${l.column} (custom:${l.key})`).join(', ') })}`);
  for (const e of report.errors.slice(0, 20)) print(io, problemLine(io, report.format, e));
}

async function runImport(io: CliIo, file: string | undefined, options: ImportOptions): Promise<void> {
  if (!file && !options.resume && !options.revert) throw validationError([codedField('FILE', 'cli.name_the_file')]);
  const pauseMs = Number(io.env.KEHU_IMPORT_PAUSE_MS ?? 0) || undefined;
  await withDeps(io, async (deps) => {
    const progress = progressReporter(io, false);
    const run = async (jobId: number) => {
      try {
        return await runImportJob(deps, jobId, { onProgress: (p) => progress.update(p), ...(pauseMs ? { pauseMs } : {}) });
      } finally {
        progress.stop();
      }
    };
    if (options.revert) {
      const jobId = Number(options.revert);
      if (!Number.isSafeInteger(jobId) || jobId < 1) throw validationError([codedField('--revert', 'cli.not_a_job', { value: options.revert })]);
      const job = await revertImport({ ...deps, actor: await consoleActor(deps, options.as) }, jobId);
      if (options.json) printJson(io, { jobId: job.id, status: job.status });
      else note(io, `kehu: ${say(io, 'import {{id}} reverted: what it created is removed, what it updated is as it was', { id: job.id })}`);
      return;
    }
    if (options.resume) {
      const jobId = Number(options.resume);
      if (!Number.isSafeInteger(jobId) || jobId < 1) throw validationError([codedField('--resume', 'cli.not_a_job', { value: options.resume })]);
      note(io, `kehu: ${say(io, 'resuming import {{id}}', { id: jobId })}`);
      return finish(io, deps, await run(jobId), options, null);
    }
    const path = resolve(file as string);
    // The same reading of the options as the HTTP route's (core/imports/import-request.ts); only the names differ.
    const { request } = parseImportRequest({ ...options, mapping: readMappingText(options.mapping) }, { filePath: path, fileName: basename(path) }, FLAG_NAMES);
    const ctx = { ...deps, actor: await consoleActor(deps, options.as) };
    if (options.saveMapping) {
      const prepared = await prepareImport(ctx, request);
      saveMapping(options.saveMapping, prepared.type, prepared.columns, request.options);
      note(io, `kehu: ${say(io, 'mapping saved to {{file}}', { file: options.saveMapping })}`);
    }
    if (options.dryRun) {
      const report = await dryRunImport(ctx, request);
      if (options.json) printJson(io, { dryRun: true, jobId: null, ...report.counts, contactsCreated: report.contactsCreated, rowsWithDroppedValues: report.rowsWithDroppedValues, rows: report.rows, type: report.type, encoding: report.encoding, preset: report.preset, mapping: report.mapping, leftOut: report.leftOut, errors: report.errors });
      else reportDryRun(io, report);
      return;
    }
    const job = await startImport(ctx, request);
    note(io, `kehu: ${say(io, 'import {{id}} of {{file}} as {{type}}', { id: job.id, file: job.fileName, type: say(io, job.type) })}`);
    if (Object.keys(job.mapping).length > 0) note(io, `kehu: ${say(io, 'columns: {{columns}} (--save-mapping FILE to edit them)', { columns: mappingText(io, job.mapping) })}`);
    const done = await run(job.id);
    const errorPath = options.errorFile ?? join(dirname(path), `${basename(path).replace(/\.[^.]+$/, '')}.errors.csv`);
    return finish(io, deps, done, options, done.counts.invalid > 0 || done.rowsWithDroppedValues > 0 ? errorPath : null, ctx);
  });
}

async function finish(io: CliIo, deps: Deps, job: ImportJobShape, options: ImportOptions, errorPath: string | null, ctx?: Deps & { actor: Actor }): Promise<void> {
  let written: string | null = null;
  if (job.counts.invalid > 0 || job.rowsWithDroppedValues > 0) {
    const actorCtx = ctx ?? { ...deps, actor: await consoleActor(deps, options.as) };
    const { csv, fileName } = await importErrorFile(actorCtx, job.id, io.language ?? 'en');
    written = writeErrorFile(io, options.errorFile ?? errorPath ?? fileName, csv);
  }
  const { created, updated, skipped, invalid } = job.counts;
  const { contactsCreated, rowsWithDroppedValues } = job;
  if (options.json) printJson(io, { jobId: job.id, status: job.status, type: job.type, created, updated, skipped, invalid, contactsCreated, rowsWithDroppedValues, errorFile: written, errors: job.errors, error: job.error });
  else reportJob(io, job, written);
  if (job.status === 'failed') throw codedError('unavailable', 'cli.import_failed', { id: job.id, reason: job.error ?? '' });
  if (invalid > 0) {
    const rejected = say(io, created + updated > 0 ? '{{n}} row(s) rejected; the others are in (exit {{exit}})' : '{{n}} row(s) rejected (exit {{exit}})', { n: invalid, exit: PARTIAL_EXIT.rowsRejected });
    throw new ExitStatus(PARTIAL_EXIT.rowsRejected, rejected);
  }
  if (rowsWithDroppedValues > 0) throw new ExitStatus(PARTIAL_EXIT.valuesDropped, say(io, '{{n}} row(s) imported without a bad value (exit {{exit}})', { n: rowsWithDroppedValues, exit: PARTIAL_EXIT.valuesDropped }));
}

export function importCommand(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('import customers, contacts, orders or interactions from CSV (UTF-8 or GBK), XLSX or vCard')
    .argument('[file]', 'the file to import')
    .addOption(new Option('--type <type>', 'what the rows are (default: guessed from the headers)').choices(IMPORT_TYPES))
    .option('--mapping <file>', 'a mapping file (JSON: {"type", "columns": {header: field|null}, "onDuplicate", "matchOn"})')
    .option('--save-mapping <file>', 'write the mapping used (guessed or given) to this file, to edit and pass back')
    .addOption(new Option('--on-duplicate <what>', 'a row matching an existing record (default skip)').choices(ON_DUPLICATE))
    .addOption(new Option('--update-mode <mode>', 'with --on-duplicate update: fill empty fields only (default) or overwrite').choices(UPDATE_MODES))
    .addOption(new Option('--on-invalid-value <what>', 'a row with a bad phone, e-mail or other optional value: keep-row imports it without the value (listed in the error file), skip-row rejects it (default)').choices(ON_INVALID_VALUE))
    .addOption(new Option('--on-company <what>', "contacts: link (default) makes each row's company (a vCard's ORG) the contact's customer, matched by name or created; keep stores it as text on the contact").choices(ON_COMPANY))
    .option('--match-on <keys>', `comma-separated keys that make two records the same: ${MATCH_KEYS.join(', ')} (name = name + company)`)
    .option('--dry-run', 'report what would happen (new, updated, duplicates, invalid rows) without writing anything')
    .option('--encoding <name>', 'the CSV encoding, e.g. gbk or utf-8 (default: detected)')
    .option('--sheet <name>', 'the XLSX sheet (default: the first)')
    .option('--delimiter <char>', 'the CSV delimiter (default: detected)')
    .option('--create-custom-fields', 'create a text custom field for each column mapped to an unknown custom:<key> (admins)')
    .option('--keep-unknown-columns', 'keep every column the mapping leaves out in a text custom field of its own (the dry run lists them; admins)')
    .option('--as <email>', 'import as this user, with their access; they own new customers without an owner column (default: the console, which leaves those in the public pool)')
    .option('--error-file <path>', 'where to write the invalid rows (default: <file>.errors.csv beside the file)')
    .option('--resume <job>', 'continue an interrupted import exactly after its last committed row')
    .option('--revert <job>', 'undo a finished import: remove what it created, restore what it updated')
    .addOption(new Option('--batch-size <n>', 'rows per committed batch (default 5000)').hideHelp())
    .option('--json', 'print one JSON document: jobId and counts of created, updated, skipped, invalid')
    .action((file: string | undefined, options: ImportOptions) => runImport(io, file, options));
}
