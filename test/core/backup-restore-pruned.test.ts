import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runRestore } from '../../src/core/backup/backup-jobs.ts';
import { createBackup } from '../../src/core/backup/create-backup.ts';
import { WriteGate } from '../../src/core/backup/write-gate.ts';
import type { Deps } from '../../src/core/context.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

// A backup file can go while it is being restored: the night's retention run deletes it, or an admin
// tidies the folder by hand. The restore has read what it needs by then; what it does after the data
// is back — shutting again the access that was shut since, recording the run — must still happen.

/** The server's gate, and at the moment writes pause the backup file is deleted, as a prune then would. */
class GateThatPrunes extends WriteGate {
  constructor(private readonly path: () => string) {
    super();
  }

  override async close(file: string, now: Date, waitMs?: number): Promise<void> {
    rmSync(this.path(), { force: true });
    return super.close(file, now, waitMs);
  }
}

forEachDialect('a backup deleted while it is restored', (db) => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-restore-pruned-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the restore ends well: a token revoked since the backup stays revoked, and the run is recorded', async () => {
    let path = '';
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(new Date().toISOString()), settings: { defaultRegion: 'CN' }, crypto: testKeyring, writeGate: new GateThatPrunes(() => path) };
    await createUser(deps, { email: 'pruned-admin@example.com', name: 'Admin', role: 'admin' }, null);
    const rep = await createUser(deps, { email: 'pruned-rep@example.com', name: 'Rep', role: 'sales' }, null);
    await createToken(deps, { email: rep.email }, null);
    const info = await createBackup(db(), deps.clock.now(), { dir, trigger: 'manual', secret: null });
    path = info.path;
    // after the backup the rep's token leaks and is revoked
    await db().db.updateTable('api_tokens').set({ revoked_at: deps.clock.now().toISOString() }).where('user_id', '=', rep.id).execute();

    const report = await runRestore({ deps, config: { dir, secret: null, metricsToken: undefined }, trigger: 'cli', actor: null, dir }, info.name, { force: true });
    expect(report.access.tokensRevoked).toBe(1);
    const token = await db().db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', rep.id).executeTakeFirstOrThrow();
    expect(token.revoked_at).not.toBeNull();
    const run = await db().db.selectFrom('backup_runs').select(['status', 'file']).where('kind', '=', 'restore').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'ok', file: info.name });
  }, 120_000);
});
