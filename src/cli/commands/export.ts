import { extname } from 'node:path';
import type { Command } from 'commander';
import type { Deps } from '../../core/context.ts';
import { CONSOLE_ACTOR, consoleActorAs } from '../../core/access/console-actor.ts';
import { exportContacts } from '../../core/exports/export-contacts.ts';
import { exportCustomers } from '../../core/exports/export-customers.ts';
import type { ExportFile } from '../../core/exports/export-file.ts';
import { shapeChecker } from '../../core/records/check-shape.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { isTimeZone } from '../../domain/export-language.ts';
import type { Language } from '../../domain/messages.ts';
import { ContactExportQuery, CustomerExportQuery, EXPORT_ENTITIES, EXPORT_FORMATS, type ExportEntity, type ExportFormat } from '../../domain/export.ts';
import { say } from '../cli-words.ts';
import { note, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';
import { writeOut } from '../write-out.ts';

interface ExportOptions {
  format?: string;
  out?: string;
  as?: string;
  q?: string;
  owner?: string;
  stage?: string;
  level?: string;
  kind?: string;
  tag?: string;
  city?: string;
  customer?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  sort?: string;
  timeZone?: string;
  json?: boolean;
}

const checkCustomers = shapeChecker(CustomerExportQuery);
const checkContacts = shapeChecker(ContactExportQuery);
const FORMAT_BY_EXTENSION: Record<string, ExportFormat> = { '.csv': 'csv', '.xlsx': 'xlsx', '.vcf': 'vcard', '.vcard': 'vcard' };
const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** For people when kehu's --lang is given (the machine form otherwise, whatever the locale). */
export function languageOf(options: { timeZone?: string }, lang: Language | undefined): { lang?: Language; timeZone?: string } {
  if (options.timeZone !== undefined && !isTimeZone(options.timeZone)) throw validationError([codedField('--time-zone', 'field.time_zone', { value: options.timeZone })]);
  return { ...(lang ? { lang } : {}), ...(options.timeZone ? { timeZone: options.timeZone } : {}) };
}

export function chooseFormat(options: { format?: string; out?: string }): ExportFormat {
  const format = options.format ?? (options.out ? FORMAT_BY_EXTENSION[extname(options.out).toLowerCase()] : undefined) ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw validationError([codedField('--format', 'field.one_of', { values: EXPORT_FORMATS.join(', ') })]);
  return format as ExportFormat;
}

async function ownerId(deps: Deps, owner: string | undefined): Promise<number | undefined> {
  if (owner === undefined) return undefined;
  if (/^\d+$/.test(owner.trim())) return Number(owner);
  return (await consoleActorAs(deps, owner, '--owner')).userId ?? undefined;
}

/** The list filters from the flags, checked by the same schema as the HTTP query string. */
async function filtersOf(deps: Deps, entity: ExportEntity, options: ExportOptions): Promise<Record<string, unknown>> {
  const common = { q: options.q, tag: options.tag, createdFrom: options.createdFrom, createdTo: options.createdTo, updatedFrom: options.updatedFrom, updatedTo: options.updatedTo, sort: options.sort };
  const specific =
    entity === 'customers'
      ? { owner: await ownerId(deps, options.owner), stage: options.stage, level: options.level, kind: options.kind, city: options.city }
      : { customerId: options.customer === undefined ? undefined : Number(options.customer) };
  const filters = Object.fromEntries(Object.entries({ ...common, ...specific }).filter(([, v]) => v !== undefined));
  const errors = (entity === 'customers' ? checkCustomers : checkContacts)(filters);
  if (errors.length > 0) throw validationError(errors.map((e) => ({ ...e, field: flag(e.field === 'customerId' ? 'customer' : e.field) })));
  for (const [name, value] of Object.entries({ '--owner': options.owner, '--stage': options.stage, '--level': options.level, '--kind': options.kind, '--city': options.city, '--customer': options.customer })) {
    const forCustomers = name !== '--customer';
    if (value !== undefined && forCustomers !== (entity === 'customers')) throw validationError([codedField(name, 'cli.not_a_filter', { entity })]);
  }
  return filters;
}

/** An export file to standard output or `out` (see writeOut). */
export const writeTo = (io: CliIo, file: ExportFile, out: string | undefined): Promise<void> => writeOut(io, file.body, out);

export function exportCommand(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('write customers or contacts as CSV (UTF-8 with BOM), XLSX or vCard 4.0, with the filters of the list API')
    .argument('[entity]', 'customers or contacts', 'customers')
    .option('--format <format>', 'csv, xlsx or vcard (default: from --out, else csv)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--as <email>', 'export only what this user may see (default: everything, as an admin)')
    .option('--q <text>', 'search text, as in the list and search')
    .option('--owner <id|email>', 'customers of this owner')
    .option('--stage <stage>', 'customers in this stage')
    .option('--level <level>', 'customers of this level (A, B, C)')
    .option('--kind <kind>', 'company or person')
    .option('--tag <tag>', 'records with this tag')
    .option('--city <city>', 'customers in this city')
    .option('--customer <id>', 'contacts of this customer')
    .option('--created-from <time>', 'created at or after (RFC 3339)')
    .option('--created-to <time>', 'created before')
    .option('--updated-from <time>', 'updated at or after')
    .option('--updated-to <time>', 'updated before')
    .option('--sort <sort>', 'createdAt, -createdAt, updatedAt, -updatedAt, name or -name')
    .option('--time-zone <zone>', 'with kehu --lang zh|en (a file for people: headers, stages, kinds, countries in that language, times local; without it the machine form): the time zone of the times, e.g. Asia/Shanghai (default: KEHU_TIME_ZONE, else the workspace\'s analytics offset, UTC+8 unless set)')
    .option('--json', 'with --out: print { entity, format, rows, file } as JSON when done')
    .action(async (entityArg: string, options: ExportOptions) => {
      if (!(EXPORT_ENTITIES as readonly string[]).includes(entityArg)) throw validationError([codedField('entity', 'field.one_of', { values: EXPORT_ENTITIES.join(', ') })]);
      const entity = entityArg as ExportEntity;
      const format = chooseFormat(options);
      await withDeps(io, async (deps) => {
        // --as exports only what that user sees, and never writes for them.
        const actor = options.as ? { ...(await consoleActorAs(deps, options.as)), canWrite: false } : CONSOLE_ACTOR;
        const ctx = { ...deps, actor };
        const filters = await filtersOf(deps, entity, options);
        let total = 0;
        const onProgress = (rows: number, isDone: boolean) => {
          total = rows;
          if (!isDone && rows % 10_000 === 0) note(io, `kehu: ${say(io, entity === 'customers' ? '{{n}} customers…' : '{{n}} contacts…', { n: rows })}`);
        };
        const input = { ...filters, format, ...languageOf(options, io.explicitLanguage) };
        const file = entity === 'customers' ? await exportCustomers(ctx, input, { onProgress }) : await exportContacts(ctx, input, { onProgress });
        await writeOut(io, file.body, options.out);
        if (options.out && options.json) printJson(io, { entity, format, rows: total, file: options.out });
        const params = { n: total, file: options.out ?? '' };
        const done = entity === 'customers' ? say(io, options.out ? 'exported {{n}} customers to {{file}}' : 'exported {{n}} customers', params) : say(io, options.out ? 'exported {{n}} contacts to {{file}}' : 'exported {{n}} contacts', params);
        note(io, `kehu: ${done}`);
      });
    });
}
