import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const METRICS_TOKEN = 'metrics-secret-123';

forEachDialect('/metrics: who may read it', (db) => {
  let api: TestApi;
  const dir = mkdtempSync(join(tmpdir(), 'kehu-metrics-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    api = await createTestApi(db());
    (api.app as unknown as { backupConfig: unknown }).backupConfig = { dir, secret: null, metricsToken: METRICS_TOKEN };
  });

  const scrape = (authorization?: string) => api.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });

  it('a wrong token as long as the right one but with letters of more than one byte is refused (401), not a server error', async () => {
    // 18 characters like the token, 19 or more bytes: a byte-wise comparison of unequal lengths threw (500)
    for (const guess of [`${METRICS_TOKEN.slice(0, -1)}é`, '指标令牌指标令牌指标令牌指标令牌指标', `${METRICS_TOKEN.slice(0, -2)}😀`]) {
      const res = await scrape(`Bearer ${guess}`);
      expect(res.statusCode, guess).toBe(401);
      expect(res.json().code, guess).toBe('token.denied');
      expect(res.body).not.toContain('kehu_http_requests_total');
    }
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).statusCode).toBe(200);
  });

  it('nobody else: no header, another scheme, every role but admin', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape(`Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`)).json()).toMatchObject({ status: 401, code: 'health.metrics_token' });
    for (const role of ['manager', 'sales', 'viewer'] as const) {
      const { token } = await api.userToken(role);
      const res = await scrape(`Bearer ${token}`);
      expect(res.statusCode, role).toBe(403);
      expect(res.body, role).not.toContain('kehu_');
    }
    const scraped = await scrape(`Bearer ${api.token}`);
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toMatch(/^kehu_database_size_bytes \d+$/m);
  });

  it('while a restore replaces the tables (reads paused), /metrics answers 503 at once rather than waiting for the restore', async () => {
    const gate = api.deps.writeGate;
    if (!gate) throw new Error('the test app has a gate');
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = () => resolve()));
    let holding: Promise<void> = Promise.resolve();
    if (db().name === 'postgres') {
      // what PostgreSQL's restore does: one transaction that holds every table until it commits
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = () => resolve()));
      holding = db().db.transaction().execute(async (trx) => {
        await sql`lock table backup_runs, api_tokens in access exclusive mode`.execute(trx);
        locked();
        await released;
      });
      await isLocked;
    }
    await gate.close('kehu-20260101-000000-manual.kehubackup', new Date());
    try {
      gate.update('restoring', null, true);
      for (const authorization of [`Bearer ${METRICS_TOKEN}`, `Bearer ${api.token}`]) {
        const res = await scrape(authorization);
        expect(res.statusCode).toBe(503);
        expect(res.json().code).toBe('server.restoring_reads');
        expect(res.headers['retry-after']).toBe('30');
      }
    } finally {
      gate.open();
      release();
      await holding;
    }
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).statusCode).toBe(200);
  });
});
