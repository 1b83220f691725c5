import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { interruptedJobs } from '../../src/core/imports/import-jobs.repository.ts';
import { resumeInterruptedImports } from '../../src/core/imports/resume-imports.ts';
import { runImportJob } from '../../src/core/imports/run-import-job.ts';
import { startImport } from '../../src/core/imports/start-import.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

forEachDialect('resuming interrupted imports', (db) => {
  it('finds a job whose process died and finishes it from its last committed row; a live one is left alone', async () => {
    const deps: Deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'resume@import.test', name: 'Resume', role: 'admin' }, null);
    const ctx = { ...deps, actor: { userId: admin.id, role: 'admin' as const, teamId: null, canWrite: true } };
    const path = join(mkdtempSync(join(tmpdir(), 'kehu-resume-')), 'r.csv');
    writeFileSync(path, `Name,Mobile\n${Array.from({ length: 30 }, (_, i) => `Resume ${i},1350000${String(i).padStart(4, '0')}`).join('\n')}\n`);

    const job = await startImport(ctx, { filePath: path, options: { batchSize: 10 } });
    expect((await runImportJob(deps, job.id, {})).counts.created).toBe(30);

    // Running on another machine: assumed alive, not taken over.
    const elsewhere = await startImport(ctx, { filePath: path, options: { batchSize: 10 } });
    await db().db.updateTable('import_jobs').set({ status: 'running', runner: 'elsewhere-host:1' }).where('id', '=', elsewhere.id).execute();
    // As a run killed after its first batch leaves it: rows 2–11 committed, a dead process as runner.
    const other = await startImport(ctx, { filePath: path, options: { batchSize: 10, onDuplicate: 'create' } });
    await db().db.updateTable('import_jobs').set({ status: 'running', runner: `${hostname()}:999999999`, last_row: 11, rows_read: 10 }).where('id', '=', other.id).execute();
    expect(await interruptedJobs(deps)).toEqual([other.id]);
    expect(await resumeInterruptedImports(deps)).toEqual([other.id]);
    for (let i = 0; i < 500; i++) {
      const row = await db().db.selectFrom('import_jobs').select(['status']).where('id', '=', other.id).executeTakeFirstOrThrow();
      if (row.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const done = await db().db.selectFrom('import_jobs').selectAll().where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'done', last_row: 31 });
    expect(Number(done.created_count)).toBe(20);
    const names = await db().db.selectFrom('customers').select('name').where('name', '=', 'Resume 5').execute();
    expect(names).toHaveLength(1);
    expect(await db().db.selectFrom('customers').select('name').where('name', '=', 'Resume 25').execute()).toHaveLength(2);
  });
});
