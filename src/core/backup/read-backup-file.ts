import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { codedError } from '../../domain/errors.ts';
import { unpackError } from '../files/file-errors.ts';
import { decipherOf, keysFor, manifestIsAuthentic } from './backup-crypto.ts';
import { BACKUP_END, BACKUP_FORMAT_VERSION, BACKUP_MAGIC, type BackupHeader, type BackupManifest, type BackupSecret } from './backup-format.ts';

export interface BackupFile {
  path: string;
  bytes: number;
  header: BackupHeader;
  manifest: BackupManifest;
  /** byte range of the stored payload, without the GCM tag */
  payloadStart: number;
  payloadEnd: number;
  tag: Buffer | null;
}

const TAG_BYTES = 16;
const MAX_JSON = 16 * 1024 * 1024;

type Damage = 'too_short' | 'not_a_backup' | 'no_end' | 'layout' | 'header' | 'manifest' | 'checksum' | 'no_payload' | 'altered';
const unreadable = (path: string, why: Damage) => codedError('validation', `backup.unreadable_${why}`, { file: basename(path) });

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

function parseJson(path: string, bytes: Buffer, what: 'header' | 'manifest'): Record<string, unknown> {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (isRecord(value)) return value;
  } catch {
    // below
  }
  throw unreadable(path, what);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const isBase64 = (v: unknown, min: number, max: number) => isText(v) && /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length >= min && Buffer.from(v, 'base64').length <= max;

// A file's scrypt parameters are the cost of reading it: kehu writes N 2^15, r 8, p 1 (32 MiB). A file
// asking for more than 256 MiB or many passes is not one kehu wrote, and would hold the server's memory or a core.
const SCRYPT_MAX_BYTES = 256 * 2 ** 20;
const SCRYPT_MAX_P = 4;

function isEncryption(v: unknown): boolean {
  if (v === null) return true;
  if (!isRecord(v) || v.cipher !== 'aes-256-gcm' || !isBase64(v.salt, 16, 64) || !isBase64(v.iv, 12, 16)) return false;
  if (v.kdf === 'hkdf-key-file') return true;
  if (v.kdf !== 'scrypt' || !isCount(v.N) || !isCount(v.r) || !isCount(v.p)) return false;
  const { N, r, p } = v as { N: number; r: number; p: number };
  return N >= 2 && (N & (N - 1)) === 0 && r >= 1 && p >= 1 && p <= SCRYPT_MAX_P && 128 * N * r <= SCRYPT_MAX_BYTES;
}

const isHeader = (h: Record<string, unknown>) => (h.payload === 'sqlite-file' || h.payload === 'archive') && h.compression === 'gzip' && isEncryption(h.encryption);

/** The manifest's fields that kehu reads, each of its kind: a hand-edited or bit-flipped manifest that is still JSON is damaged, not read. */
function isManifest(m: Record<string, unknown>): boolean {
  const { digests, audit } = m;
  return (
    m.format === 'kehu-backup' &&
    isText(m.kehuVersion) &&
    isText(m.createdAt) &&
    !Number.isNaN(Date.parse(m.createdAt)) &&
    (m.dialect === 'sqlite' || m.dialect === 'postgres') &&
    isText(m.trigger) &&
    Array.isArray(m.migrations) &&
    m.migrations.every((x) => isRecord(x) && isText(x.name) && isText(x.appliedAt)) &&
    isRecord(digests) &&
    Object.values(digests).every((d) => isRecord(d) && isCount(d.rows) && isText(d.sha256)) &&
    isRecord(audit) &&
    isCount(audit.entries) &&
    (audit.headHash === null || isText(audit.headHash)) &&
    Array.isArray(m.keyIds) &&
    m.keyIds.every(isText) &&
    isText(m.payloadSha256) &&
    typeof m.encrypted === 'boolean'
  );
}

/** Reads a backup's header and manifest (a few bytes at each end), without touching the payload. */
export function readBackupFile(path: string): BackupFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw codedError('not_found', 'backup.missing_file', { path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw codedError('validation', 'backup.fs_is_a_folder', { path, errno: 'EISDIR' });
    const bytes = stat.size;
    if (bytes < 32) throw unreadable(path, 'too_short');
    const start = readAt(fd, 0, 12);
    if (!start.subarray(0, 8).equals(BACKUP_MAGIC)) throw unreadable(path, 'not_a_backup');
    const headerLength = start.readUInt32BE(8);
    const end = readAt(fd, bytes - 12, 12);
    if (!end.subarray(4).equals(BACKUP_END)) throw unreadable(path, 'no_end');
    const manifestLength = end.readUInt32BE(0);
    const payloadStart = 12 + headerLength;
    const manifestStart = bytes - 12 - manifestLength;
    if (headerLength > MAX_JSON || manifestLength > MAX_JSON || manifestStart < payloadStart) throw unreadable(path, 'layout');
    const parsed = parseJson(path, readAt(fd, 12, headerLength), 'header');
    if (typeof parsed.formatVersion !== 'number' || parsed.formatVersion > BACKUP_FORMAT_VERSION) {
      throw codedError('conflict', 'backup.newer_format', { file: basename(path), format: String(parsed.formatVersion), supported: BACKUP_FORMAT_VERSION });
    }
    if (!isHeader(parsed)) throw unreadable(path, 'header');
    const header = parsed as unknown as BackupHeader;
    const parsedManifest = parseJson(path, readAt(fd, manifestStart, manifestLength), 'manifest');
    if (!isManifest(parsedManifest)) throw unreadable(path, 'manifest');
    const manifest = parsedManifest as unknown as BackupManifest;
    const encrypted = header.encryption !== null;
    const tag = encrypted ? readAt(fd, manifestStart - TAG_BYTES, TAG_BYTES) : null;
    return { path, bytes, header, manifest, payloadStart, payloadEnd: manifestStart - (encrypted ? TAG_BYTES : 0), tag };
  } finally {
    closeSync(fd);
  }
}

/**
 * The payload, decrypted and decompressed, as a stream. Its stored bytes are checked against the
 * manifest's SHA-256 and, when encrypted, against the GCM tag; either failing ends the stream in
 * an error, so nothing read from it may be kept before it ends cleanly.
 */
export async function openPayload(file: BackupFile, secret: BackupSecret | null): Promise<Readable> {
  const { header, manifest } = file;
  let decipher = null;
  if (header.encryption) {
    if (!secret) throw codedError('validation', 'backup.encrypted', { file: basename(file.path) });
    const keys = await keysFor(secret, header.encryption);
    if (!manifestIsAuthentic(keys, manifest)) throw codedError('validation', 'backup.wrong_secret', { file: basename(file.path) });
    decipher = decipherOf(header.encryption, keys, file.tag as Buffer);
  }
  const hash = createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (file.tag) hash.update(file.tag);
      const sum = hash.digest('hex');
      done(sum === manifest.payloadSha256 ? null : unreadable(file.path, 'checksum'));
    },
  });
  if (file.payloadEnd <= file.payloadStart) throw unreadable(file.path, 'no_payload');
  const stored = createReadStream(file.path, { start: file.payloadStart, end: file.payloadEnd - 1 });
  const stages: Readable[] = [stored.pipe(check)];
  if (decipher) stages.push((stages.at(-1) as Readable).pipe(decipher));
  const gunzip = createGunzip();
  const output = (stages.at(-1) as Readable).pipe(gunzip).pipe(new PassThrough());
  // pipe() does not pass a destroy back: the file is closed with the output
  output.once('close', () => {
    gunzip.destroy();
    stored.destroy();
  });
  // pipe() does not pass errors on: any stage failing fails the output. GCM keeps offsets, so zlib's count of bytes is the file's too.
  gunzip.on('error', (error: Error) => output.destroy(unpackError(error, 'backup.unreadable_unpack', { file: basename(file.path), at: file.payloadStart + gunzip.bytesWritten }) ?? error));
  for (const stage of [stored, check, ...(decipher ? [decipher] : [])]) {
    stage.on('error', (error: Error) => output.destroy(error.message.includes('authenticate') ? unreadable(file.path, 'altered') : error));
  }
  // Open before it is handed on: what reads it later reads this file, also if its name is gone by then (a prune).
  await once(stored, 'open');
  return output;
}

/**
 * Reads the stored payload once and checks it against the manifest's SHA-256, without unpacking
 * it: a truncated or altered file is refused before a restore changes anything.
 */
export async function assertPayloadIntact(file: BackupFile): Promise<void> {
  if (file.payloadEnd <= file.payloadStart) throw unreadable(file.path, 'no_payload');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file.path, { start: file.payloadStart, end: file.payloadEnd - 1 })) hash.update(chunk as Buffer);
  if (file.tag) hash.update(file.tag);
  if (hash.digest('hex') !== file.manifest.payloadSha256) throw unreadable(file.path, 'checksum');
}
