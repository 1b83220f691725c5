import { codedError } from '../../domain/errors.ts';
import { ARCHIVE_FORMAT_VERSION, type ArchiveHeader, type ArchiveManifest } from './archive-format.ts';

const damaged = (reason: string) => codedError('validation', 'archive.damaged', { reason });

function parseJsonFile(name: string, data: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(data.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw damaged(`${name} is not a JSON object`);
}

const isName = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9_]{1,63}$/.test(value);

/** The header file, checked field by field: an archive from elsewhere is input like any other. */
export function parseHeader(name: string, data: Buffer): ArchiveHeader {
  const header = parseJsonFile(name, data);
  if (header.format !== 'kehu-archive') throw damaged(`${name} does not describe a kehu archive`);
  if (typeof header.formatVersion !== 'number' || header.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw codedError('conflict', 'archive.newer_format', { format: String(header.formatVersion), supported: ARCHIVE_FORMAT_VERSION });
  }
  if (header.sourceDialect !== 'sqlite' && header.sourceDialect !== 'postgres') throw damaged(`${name}: unknown sourceDialect`);
  const migrations = header.migrations;
  if (!Array.isArray(migrations) || !migrations.every((m) => typeof m?.name === 'string' && typeof m?.appliedAt === 'string')) {
    throw damaged(`${name}: migrations must be a list of { name, appliedAt }`);
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
  if (!validTables) throw damaged(`${name}: tables must be a list of { name, columns: [{ name, type }], primaryKey }`);
  return header as unknown as ArchiveHeader;
}

export function parseManifest(name: string, data: Buffer): ArchiveManifest {
  const manifest = parseJsonFile(name, data);
  const digests = manifest.digests as Record<string, { rows?: unknown; sha256?: unknown }> | undefined;
  const valid =
    digests && typeof digests === 'object' && Object.values(digests).every((d) => typeof d?.rows === 'number' && typeof d?.sha256 === 'string');
  if (!valid) throw damaged(`${name}: digests must map each table to { rows, sha256 }`);
  return manifest as unknown as ArchiveManifest;
}
