import { Type, type Static } from 'typebox';
import { ContactListQuery } from './contact.ts';
import { CustomerListQuery } from './customer.ts';
import { Literals } from './record.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcard'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_ENTITIES = ['customers', 'contacts'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

const Format = Literals(EXPORT_FORMATS, { description: 'csv (UTF-8 with BOM, opens in Excel), xlsx or vcard (4.0); default csv' });

// The list's own filters, minus paging: an export holds every matching record.
const { limit: _limit, cursor: _cursor, ...customerFilters } = CustomerListQuery.properties;
const { limit: _limit2, cursor: _cursor2, ...contactFilters } = ContactListQuery.properties;

// For people: headers and stored values in this language, times local to the zone. Without a
// language (and no Accept-Language), the machine form: English headers, stored codes, UTC.
const wording = {
  lang: Type.Optional(Literals(['en', 'zh'] as const, { description: 'headers, stored values (stage, kind, country…), phones as the workspace shows them, owners by name and local times for a person reading this language; default: the Accept-Language header, else the machine form (English headers, stored codes, E.164 phones, owner e-mails, UTC times)' })),
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone for the times of a language export, e.g. Asia/Shanghai; default: KEHU_TIME_ZONE, else the workspace\'s time zone (GET /api/v1/settings/time-zone; UTC+8 unless an admin set it)' })),
};

export const CustomerExportQuery = Type.Object({ format: Type.Optional(Format), ...wording, ...customerFilters }, { additionalProperties: false });
export const ContactExportQuery = Type.Object({ format: Type.Optional(Format), ...wording, ...contactFilters }, { additionalProperties: false });

export type CustomerExportFilter = Static<typeof CustomerExportQuery>;
export type ContactExportFilter = Static<typeof ContactExportQuery>;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcard: 'text/vcard; charset=utf-8',
};

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', xlsx: 'xlsx', vcard: 'vcf' };

/** kehu-customers-20261122.csv, on the day the export's wording gives (ExportWording.day). */
export const exportFilename = (entity: ExportEntity, format: ExportFormat, day: string): string => `kehu-${entity}-${day}.${EXTENSIONS[format]}`;
