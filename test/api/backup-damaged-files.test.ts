import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackup, type BackupInfo } from '../../src/core/backup/create-backup.ts';
import { restoreBackup } from '../../src/core/backup/restore-backup.ts';
import { verifyBackup } from '../../src/core/backup/verify-backup.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { allRows, differences } from '../support/all-rows.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// Backup files in the folder that are not what kehu wrote, though each still parses: a manifest
// with one byte flipped in a field's name, one edited by hand, a header whose key derivation asks
// for gigabytes. Each is one unreadable file, said as such — not an admin page that answers 500,
// a retention run that fails every night, or a restore test that holds the server's memory.

/** The file with its manifest (the JSON before the last 12 bytes) passed through `edit`, as text. */
function withManifest(info: BackupInfo, name: string, edit: (json: string) => string): string {
  const bytes = readFileSync(info.path);
  const length = bytes.readUInt32BE(bytes.length - 12);
  const start = bytes.length - 12 - length;
  const text = Buffer.from(edit(bytes.subarray(start, bytes.length - 12).toString('utf8')));
  const size = Buffer.alloc(4);
  size.writeUInt32BE(text.length);
  const path = join(info.path, '..', name);
  writeFileSync(path, Buffer.concat([bytes.subarray(0, start), text, size, bytes.subarray(bytes.length - 8)]));
  return path;
}

/** The file with its header (the JSON after the first 12 bytes) passed through `edit`. */
function withHeader(info: BackupInfo, name: string, edit: (header: Record<string, unknown>) => void): string {
  const bytes = readFileSync(info.path);
  const length = bytes.readUInt32BE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + length).toString('utf8')) as Record<string, unknown>;
  edit(header);
  const text = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(4);
  size.writeUInt32BE(text.length);
  const path = join(info.path, '..', name);
  writeFileSync(path, Buffer.concat([bytes.subarray(0, 8), size, text, bytes.subarray(12 + length)]));
  return path;
}

forEachDialect('backup files that parse but are not what kehu wrote', (db) => {
  let api: TestApi;
  let good: BackupInfo;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-api-damaged-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    api = await createTestApi(db());
    (api.app as unknown as { backupConfig: unknown }).backupConfig = { dir, secret: null, metricsToken: undefined };
    good = await createBackup(db(), new Date('2026-01-15T08:00:00.000Z'), { dir, trigger: 'manual', secret: null });
  }, 60_000);

  it('a manifest with a flipped byte or a field of the wrong kind: listed as unreadable, the page opens, prune leaves it alone, the restore test fails on it', async () => {
    const flipped = withManifest(good, 'kehu-20260110-020000-schedule.kehubackup', (json) => json.replace('"createdAt"', '"createdAq"'));
    const edited = withManifest(good, 'kehu-20260111-020000-schedule.kehubackup', (json) => json.replace(/"digests":\{/, '"digests":"none","was":{'));
    const dated = withManifest(good, 'kehu-20260112-020000-schedule.kehubackup', (json) => json.replace(/"createdAt":"[^"]+"/, '"createdAt":20260112'));

    const page = await api.call('GET', '/api/v1/backups');
    expect(page.statusCode).toBe(200);
    const files = page.json().files as Array<{ name: string; problem: string | null; problemCode: string | null; problemParams: Record<string, string> | null }>;
    expect(files.find((f) => f.name === good.name)?.problem).toBeNull();
    for (const path of [flipped, edited, dated]) {
      const name = path.split('/').pop() as string;
      const file = files.find((f) => f.name === name);
      expect(file, name).toMatchObject({ problem: `${name} is not a readable kehu backup: its manifest is damaged`, problemCode: 'backup.unreadable_manifest' });
      expect(formatMessage('zh', file?.problemCode as string, file?.problemParams ?? {})).toBe(`${name} 不是可读取的 kehu 备份：清单已损坏`);
    }

    const prune = await api.call('POST', '/api/v1/backups/prune');
    expect(prune.statusCode).toBe(200);
    expect(prune.json()).toEqual({ kept: [good.name], deleted: [] });
    for (const path of [good.path, flipped, edited, dated]) expect(existsSync(path), path).toBe(true);

    const report = await verifyBackup({ database: db(), crypto: testKeyring, now: new Date() }, edited, null);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.check === 'file')).toMatchObject({ ok: false, code: 'backup.unreadable_manifest' });
    for (const path of [flipped, edited, dated]) rmSync(path);
  });

  it('a header asking scrypt for more memory than kehu ever uses: the file is damaged, said before any key is derived; nothing restored', async () => {
    const encrypted = await createBackup(db(), new Date('2026-01-15T09:00:00.000Z'), { dir, trigger: 'manual', secret: { passphrase: 'a passphrase long enough' } });
    // kehu writes N = 2^15 (32 MiB); 2^19 asks 512 MiB of whoever opens the file (2^24 would ask 16 GiB)
    const greedy = withHeader(encrypted, 'kehu-20260113-020000-schedule.kehubackup', (header) => {
      (header.encryption as { N: number }).N = 2 ** 19;
    });
    const secret = { passphrase: 'a passphrase long enough' };
    const report = await verifyBackup({ database: db(), crypto: testKeyring, now: new Date() }, greedy, secret);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.check === 'file')).toMatchObject({ ok: false, code: 'backup.unreadable_header' });
    const before = await allRows(db());
    await expect(restoreBackup({ database: db(), crypto: testKeyring, now: new Date() }, greedy, { secret, force: true, dir, safetySecret: null })).rejects.toThrow(/its header is damaged/);
    expect(differences(before, await allRows(db()))).toEqual([]);
    const file = (await api.call('GET', '/api/v1/backups')).json().files.find((f: { name: string }) => f.name === 'kehu-20260113-020000-schedule.kehubackup');
    expect(file).toMatchObject({ problemCode: 'backup.unreadable_header' });
    rmSync(greedy);
  }, 60_000);
});
