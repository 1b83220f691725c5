import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ArchiveManifest } from '../archive/archive-format.ts';
import { commitFile, type ByteSink } from '../archive/atomic-file.ts';
import { backupPartialPath } from './backup-dir.ts';
import { fdOf, writeBehind } from '../files/write-behind.ts';
import { cipherOf, newEncryption, sealManifest } from './backup-crypto.ts';
import { BACKUP_END, BACKUP_FORMAT_VERSION, BACKUP_MAGIC, type BackupHeader, type BackupManifest, type BackupPayload, type BackupSecret } from './backup-format.ts';

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

async function put(stream: Writable, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export type ManifestBody = Omit<BackupManifest, 'payloadBytes' | 'payloadSha256' | 'encrypted' | 'mac' | 'format' | 'formatVersion' | 'payload'>;

/** A backup manifest's body from the archive manifest of what it holds. */
export const manifestBodyOf = (archive: ArchiveManifest, extra: Pick<ManifestBody, 'trigger' | 'databaseBytes'>): ManifestBody => ({
  kehuVersion: archive.kehuVersion,
  createdAt: archive.createdAt,
  dialect: archive.sourceDialect,
  migrations: archive.migrations,
  digests: archive.digests,
  audit: archive.audit,
  keyIds: archive.keyIds,
  ...extra,
});

/**
 * Writes one backup file: magic, header, the payload compressed (and encrypted with AES-256-GCM,
 * its tag after it), then the manifest and the end marker. The file is whole under its name or
 * not there at all (see writeAtomically); `produce` writes the payload and returns the manifest.
 */
export async function writeBackupFile(
  path: string,
  options: { payload: BackupPayload; secret: BackupSecret | null },
  produce: (sink: ByteSink) => Promise<ManifestBody>,
): Promise<{ manifest: BackupManifest; bytes: number }> {
  const crypto = options.secret ? await newEncryption(options.secret) : null;
  const header: BackupHeader = { formatVersion: BACKUP_FORMAT_VERSION, payload: options.payload, compression: 'gzip', encryption: crypto?.encryption ?? null };
  const partial = backupPartialPath(path);
  const file = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  try {
    const headerBytes = Buffer.from(JSON.stringify(header));
    await put(file, Buffer.concat([BACKUP_MAGIC, u32(headerBytes.length), headerBytes]));
    const hash = createHash('sha256');
    let payloadBytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        payloadBytes += chunk.length;
        done(null, chunk);
      },
    });
    const input = new PassThrough({ highWaterMark: 1 << 20 });
    const cipher = crypto ? cipherOf(crypto.encryption, crypto.keys) : null;
    const stages = [input, createGzip({ level: 6 }), ...(cipher ? [cipher] : []), count, writeBehind(fdOf(file))] as Transform[];
    const written = pipeline([...stages, file] as unknown as [PassThrough, Writable], { end: false });
    let body: ManifestBody;
    try {
      body = await produce({ write: (chunk) => put(input, chunk) });
    } finally {
      input.end();
    }
    await written;
    if (cipher) {
      const tag = cipher.getAuthTag();
      hash.update(tag);
      payloadBytes += tag.length;
      await put(file, tag);
    }
    const unsealed: Omit<BackupManifest, 'mac'> = {
      format: 'kehu-backup',
      formatVersion: BACKUP_FORMAT_VERSION,
      payload: options.payload,
      ...body,
      payloadBytes,
      payloadSha256: hash.digest('hex'),
      encrypted: crypto !== null,
    };
    const manifest = crypto ? sealManifest(crypto.keys, unsealed) : unsealed;
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    await put(file, Buffer.concat([manifestBytes, u32(manifestBytes.length), BACKUP_END]));
    file.end();
    await once(file, 'finish');
    await once(file, 'close');
    await commitFile(partial, path);
    return { manifest, bytes: file.bytesWritten };
  } catch (error) {
    file.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}
