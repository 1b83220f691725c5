import { createHash } from 'node:crypto';
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

function parseJson<T>(path: string, bytes: Buffer, what: 'header' | 'manifest'): T {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (value && typeof value === 'object') return value as T;
  } catch {
    // below
  }
  throw unreadable(path, what);
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
    const header = parseJson<BackupHeader>(path, readAt(fd, 12, headerLength), 'header');
    if (typeof header.formatVersion !== 'number' || header.formatVersion > BACKUP_FORMAT_VERSION) {
      throw codedError('conflict', 'backup.newer_format', { file: basename(path), format: String(header.formatVersion), supported: BACKUP_FORMAT_VERSION });
    }
    const manifest = parseJson<BackupManifest>(path, readAt(fd, manifestStart, manifestLength), 'manifest');
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
  output.once('close', () => gunzip.destroy());
  // pipe() does not pass errors on: any stage failing fails the output. GCM keeps offsets, so zlib's count of bytes is the file's too.
  gunzip.on('error', (error: Error) => output.destroy(unpackError(error, 'backup.unreadable_unpack', { file: basename(file.path), at: file.payloadStart + gunzip.bytesWritten }) ?? error));
  for (const stage of [stored, check, ...(decipher ? [decipher] : [])]) {
    stage.on('error', (error: Error) => output.destroy(error.message.includes('authenticate') ? unreadable(file.path, 'altered') : error));
  }
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
