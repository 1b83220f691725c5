import { codedError } from '../../domain/errors.ts';
import { damaged } from './damaged.ts';
import { ARCHIVE_FORMAT_VERSION, type ArchiveHeader, type ArchiveManifest } from './archive-format.ts';

function parseJsonFile(name: string, data: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(data.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw damaged('not_json', { file: name });
}

const isName = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9_]{1,63}$/.test(value);

/** The header file, checked field by field: an archive from elsewhere is input like any other. */
export function parseHeader(name: string, data: Buffer): ArchiveHeader {
  const header = parseJsonFile(name, data);
  if (header.format !== 'kehu-archive') throw damaged('not_kehu', { file: name });
  if (typeof header.formatVersion !== 'number' || header.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw codedError('conflict', 'archive.newer_format', { format: String(header.formatVersion), supported: ARCHIVE_FORMAT_VERSION });
  }
  if (header.sourceDialect !== 'sqlite' && header.sourceDialect !== 'postgres') throw damaged('dialect', { file: name });
  const migrations = header.migrations;
  if (!Array.isArray(migrations) || !migrations.every((m) => typeof m?.name === 'string' && typeof m?.appliedAt === 'string')) {
    throw damaged('migrations', { file: name });
  }
  const tables = header.tables;
  const validTables =
    Array.isArray(tables) &&
    tables.every(
      (t) =>
        isName(t?.name) &&
        Array.isArray(t.columns) &&
        t.columns.every((c: { name?: unknown; type?: unknown }) => isName(c?.name) && typeof c.type === 'string') &&
        Array.isArray(t.primaryKey),
    );
  if (!validTables) throw damaged('tables', { file: name });
  const seen = new Set<string>();
  for (const table of tables as Array<{ name: string }>) {
    if (seen.has(table.name)) throw damaged('table_twice', { file: name, table: table.name });
    seen.add(table.name);
  }
  return header as unknown as ArchiveHeader;
}

export function parseManifest(name: string, data: Buffer): ArchiveManifest {
  const manifest = parseJsonFile(name, data);
  const digests = manifest.digests as Record<string, { rows?: unknown; sha256?: unknown }> | undefined;
  const valid =
    digests && typeof digests === 'object' && Object.values(digests).every((d) => typeof d?.rows === 'number' && typeof d?.sha256 === 'string');
  if (!valid) throw damaged('digests', { file: name });
  return manifest as unknown as ArchiveManifest;
}
