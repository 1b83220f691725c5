import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Snapshot } from '../db/dialects/housekeeping.ts';
import { KEHU_VERSION } from '../kehu-version.ts';
import {
  ARCHIVE_FORMAT_VERSION,
  HEADER_FILE,
  LOCAL_TABLES,
  MANIFEST_FILE,
  PART_BYTES,
  partName,
  type ArchiveHeader,
  type ArchiveManifest,
  type TableDigest,
} from './archive-format.ts';
import { encodeRow } from './row-codec.ts';
import { TableDigester } from './table-digest.ts';
import { tarEnd, tarEntry } from './tar.ts';

const BATCH_ROWS = 500;
/** The longest stretch (ms) of encoding and hashing before the server answers its requests again. */
export const TURN_MS = 10;

export interface DumpOptions {
  dialect: ArchiveHeader['sourceDialect'];
  now: Date;
  /** Receives the tar stream; resolves when the bytes may be followed by more (backpressure). Absent: only add up. */
  write?: (chunk: Buffer) => Promise<void>;
  onTable?: (table: string, rows: number) => void;
}

/**
 * Reads every table of a snapshot in primary-key order and writes it as a kehu archive (tar of
 * NDJSON parts between a header and a manifest), or only adds it up when there is nowhere to
 * write: the manifest is the same either way, so a backup and its restore test compare alike.
 */
export async function dumpSnapshot(snapshot: Snapshot, options: DumpOptions): Promise<ArchiveManifest> {
  const { write } = options;
  const emit = async (name: string, data: Buffer) => {
    if (write) for (const chunk of tarEntry(name, data, options.now)) await write(chunk);
  };
  const tables = snapshot.tables.filter((t) => !LOCAL_TABLES.has(t.name));
  const header: ArchiveHeader = {
    format: 'kehu-archive',
    formatVersion: ARCHIVE_FORMAT_VERSION,
    kehuVersion: KEHU_VERSION,
    createdAt: options.now.toISOString(),
    sourceDialect: options.dialect,
    migrations: snapshot.migrations,
    tables: tables.map(({ name, columns, primaryKey }) => ({ name, columns, primaryKey })),
  };
  await emit(HEADER_FILE, Buffer.from(`${JSON.stringify(header, null, 2)}\n`));
  const keyIds = new Set<string>();
  const digests: Record<string, TableDigest> = {};
  const audit: ArchiveManifest['audit'] = { entries: 0, headHash: null };
  for (const table of tables) {
    const digester = new TableDigester(keyIds);
    let lines: string[] = [];
    let bytes = 0;
    let part = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      await emit(partName(table.name, ++part), Buffer.from(`${lines.join('\n')}\n`));
      lines = [];
      bytes = 0;
    };
    let turn = performance.now();
    for await (const batch of snapshot.batches(table, BATCH_ROWS)) {
      for (const row of batch) {
        // A backup runs beside the server's writers: never hold them up for long.
        if (performance.now() - turn > TURN_MS) {
          await nextTurn();
          turn = performance.now();
        }
        const line = encodeRow(table.columns, row);
        digester.add(line);
        if (write) {
          lines.push(line);
          bytes += line.length + 1;
          if (bytes >= PART_BYTES) await flush();
        }
      }
      if (table.name === 'audit_log' && batch.length > 0) {
        audit.entries += batch.length;
        audit.headHash = String(batch[batch.length - 1]?.hash ?? '') || null;
      }
    }
    await flush();
    const digest = digester.finish();
    digests[table.name] = digest;
    options.onTable?.(table.name, digest.rows);
  }
  const manifest: ArchiveManifest = { ...header, digests, audit, keyIds: [...keyIds].sort() };
  await emit(MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  if (write) await write(tarEnd());
  return manifest;
}
