import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../domain/errors.ts';
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

const unreadable = (path: string, why: string) => new AppError('validation', { message: `${basename(path)} is not a readable kehu backup: ${why}` });

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

function parseJson<T>(path: string, bytes: Buffer, what: string): T {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (value && typeof value === 'object') return value as T;
  } catch {
    // below
  }
  throw unreadable(path, `its ${what} is damaged`);
}

/** Reads a backup's header and manifest (a few bytes at each end), without touching the payload. */
export function readBackupFile(path: string): BackupFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new AppError('not_found', { message: `no backup at ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
  }
  try {
    const bytes = fstatSync(fd).size;
    if (bytes < 32) throw unreadable(path, 'too short');
    const start = readAt(fd, 0, 12);
    if (!start.subarray(0, 8).equals(BACKUP_MAGIC)) throw unreadable(path, 'it does not start as one');
    const headerLength = start.readUInt32BE(8);
    const end = readAt(fd, bytes - 12, 12);
    if (!end.subarray(4).equals(BACKUP_END)) throw unreadable(path, 'it has no end marker (cut short, or still being written)');
    const manifestLength = end.readUInt32BE(0);
    const payloadStart = 12 + headerLength;
    const manifestStart = bytes - 12 - manifestLength;
    if (headerLength > MAX_JSON || manifestLength > MAX_JSON || manifestStart < payloadStart) throw unreadable(path, 'its layout is damaged');
    const header = parseJson<BackupHeader>(path, readAt(fd, 12, headerLength), 'header');
    if (typeof header.formatVersion !== 'number' || header.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new AppError('conflict', { message: `${basename(path)} is in backup format ${String(header.formatVersion)}; this kehu reads up to ${BACKUP_FORMAT_VERSION} — upgrade kehu to read it` });
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
export function openPayload(file: BackupFile, secret: BackupSecret | null): Readable {
  const { header, manifest } = file;
  let decipher = null;
  if (header.encryption) {
    if (!secret) throw new AppError('validation', { message: `${basename(file.path)} is encrypted: give its passphrase (--passphrase-file, KEHU_BACKUP_PASSPHRASE) or key file (--key-file, KEHU_BACKUP_KEY_FILE)` });
    const keys = keysFor(secret, header.encryption);
    if (!manifestIsAuthentic(keys, manifest)) throw new AppError('validation', { message: `${basename(file.path)}: wrong passphrase or key file (or the manifest was altered)` });
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
      done(sum === manifest.payloadSha256 ? null : unreadable(file.path, 'its payload does not match the checksum in its manifest (damaged)'));
    },
  });
  if (file.payloadEnd <= file.payloadStart) throw unreadable(file.path, 'it has no payload');
  const stored = createReadStream(file.path, { start: file.payloadStart, end: file.payloadEnd - 1 });
  const stages: Readable[] = [stored.pipe(check)];
  if (decipher) stages.push((stages.at(-1) as Readable).pipe(decipher));
  const gunzip = createGunzip();
  const output = (stages.at(-1) as Readable).pipe(gunzip);
  // pipe() does not pass errors on: any stage failing fails the output.
  for (const stage of [stored, check, ...(decipher ? [decipher] : [])]) {
    stage.on('error', (error: Error) => output.destroy(error.message.includes('authenticate') ? unreadable(file.path, 'it was altered, or the passphrase or key file is wrong (authentication failed)') : error));
  }
  return output;
}
