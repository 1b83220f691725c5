import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// The health page's "growth per day" comes from the sizes recorded with each backup. Two backups a
// few minutes apart on the day kehu was installed (the demo seeded between them) are no rate: the
// page said "58 MB a day" of a 640 KB database. A rate needs at least a day between its samples.

forEachDialect('database growth per day', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const sample = async (hoursAgo: number, databaseBytes: number) => {
    const at = new Date(api.deps.clock.now().getTime() - hoursAgo * 3_600_000).toISOString();
    await api.deps.db.insertInto('backup_runs').values({ kind: 'backup', trigger: 'cli', slot: null, status: 'ok', file: null, bytes: null, database_bytes: databaseBytes, started_at: at, finished_at: at, duration_ms: 1, details: null, created_by: null }).execute();
  };
  const growth = async () => (await api.call('GET', '/api/v1/health')).json().growthBytesPerDay as number | null;

  it('is unknown while the sizes span less than a day, then the change per day', async () => {
    await sample(0.5, 1_000_000);
    await sample(0.2, 2_000_000);
    expect(await growth()).toBeNull();
    await sample(72, 500_000);
    expect(await growth()).toBe(Math.round(1_500_000 / ((72 - 0.2) / 24)));
  });
});
