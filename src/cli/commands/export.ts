import { extname } from 'node:path';
import type { Command } from 'commander';
import type { Deps } from '../../core/context.ts';
import { CONSOLE_ACTOR, consoleActorAs } from '../../core/access/console-actor.ts';
import { exportContacts } from '../../core/exports/export-contacts.ts';
import { exportCustomers } from '../../core/exports/export-customers.ts';
import type { ExportFile } from '../../core/exports/export-file.ts';
import { shapeChecker } from '../../core/records/check-shape.ts';
import { validationError } from '../../domain/errors.ts';
import { isTimeZone } from '../../domain/export-language.ts';
import type { Language } from '../../domain/messages.ts';
import { ContactExportQuery, CustomerExportQuery, EXPORT_ENTITIES, EXPORT_FORMATS, type ExportEntity, type ExportFormat } from '../../domain/export.ts';
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
  lang?: string;
  timeZone?: string;
  json?: boolean;
}

const checkCustomers = shapeChecker(CustomerExportQuery);
const checkContacts = shapeChecker(ContactExportQuery);
const FORMAT_BY_EXTENSION: Record<string, ExportFormat> = { '.csv': 'csv', '.xlsx': 'xlsx', '.vcf': 'vcard', '.vcard': 'vcard' };
const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function languageOf(options: ExportOptions): { lang?: Language; timeZone?: string } {
  if (options.lang !== undefined && options.lang !== 'en' && options.lang !== 'zh') throw validationError([{ field: '--lang', message: `must be zh or en, not "${options.lang}"` }]);
  if (options.timeZone !== undefined && !isTimeZone(options.timeZone)) throw validationError([{ field: '--time-zone', message: `is not a time zone such as Asia/Shanghai or UTC: "${options.timeZone}"` }]);
  return { ...(options.lang ? { lang: options.lang } : {}), ...(options.timeZone ? { timeZone: options.timeZone } : {}) };
}

export function chooseFormat(options: { format?: string; out?: string }): ExportFormat {
  const format = options.format ?? (options.out ? FORMAT_BY_EXTENSION[extname(options.out).toLowerCase()] : undefined) ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw validationError([{ field: '--format', message: `must be csv, xlsx or vcard, not "${format}"` }]);
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
  if (errors.length > 0) throw validationError(errors.map((e) => ({ field: flag(e.field === 'customerId' ? 'customer' : e.field), message: e.message })));
  for (const [name, value] of Object.entries({ '--owner': options.owner, '--stage': options.stage, '--level': options.level, '--kind': options.kind, '--city': options.city, '--customer': options.customer })) {
    const forCustomers = name !== '--customer';
    if (value !== undefined && forCustomers !== (entity === 'customers')) throw validationError([{ field: name, message: `is not a filter of ${entity}` }]);
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
    .option('--lang <lang>', 'for people: headers, stages, kinds, countries… in zh or en, times local (default: the machine form: English headers, stored codes, UTC times)')
    .option('--time-zone <zone>', 'with --lang: the time zone of the times, e.g. Asia/Shanghai (default: KEHU_TIME_ZONE, else this machine\'s)')
    .option('--json', 'with --out: print { entity, format, rows, file } as JSON when done')
    .action(async (entityArg: string, options: ExportOptions) => {
      if (!(EXPORT_ENTITIES as readonly string[]).includes(entityArg)) throw validationError([{ field: 'entity', message: `must be customers or contacts, not "${entityArg}"` }]);
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
          if (!isDone && rows % 10_000 === 0) note(io, `kehu: ${rows} ${entity}…`);
        };
        const input = { ...filters, format, ...languageOf(options) };
        const file = entity === 'customers' ? await exportCustomers(ctx, input, { onProgress }) : await exportContacts(ctx, input, { onProgress });
        await writeOut(io, file.body, options.out);
        if (options.out && options.json) printJson(io, { entity, format, rows: total, file: options.out });
        note(io, `kehu: exported ${total} ${entity}${options.out ? ` to ${options.out}` : ''}`);
      });
    });
}
