import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../src/server/plugins/error-handler.ts';
import { registerWeb } from '../../src/server/plugins/web.ts';

async function appServing(dir: string): Promise<FastifyInstance> {
  const app = Fastify();
  registerErrorHandler(app);
  app.get('/api/v1/ping', async () => ({ pong: true }));
  await registerWeb(app, dir);
  return app;
}

describe('serving the built web app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-web-'));
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = await appServing(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers deep links with index.html, never cached', async () => {
    for (const url of ['/', '/customers', '/customers/42?q=zw']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache');
  });

  it('serves an asset a rebuild made after the server started, and a missing one is a 404, not the app', async () => {
    writeFileSync(join(dir, 'assets', 'index-def456.js'), 'console.log(2)');
    const built = await app.inject({ method: 'GET', url: '/assets/index-def456.js' });
    expect(built.statusCode).toBe(200);
    expect(built.body).toBe('console.log(2)');
    expect(built.headers['content-type']).toContain('javascript');
    expect(built.headers['cache-control']).toContain('immutable');
    for (const url of ['/assets/index-gone99.js', '/assets/old/index-abc123.js', '/assets/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('<div id="root">');
    }
  });

  it('keeps unknown API paths as 404 problems instead of the app', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ method: 'GET', url: '/api/v1/ping' })).json()).toEqual({ pong: true });
  });
});

describe('without a build', () => {
  it('says how to build the app at /', async () => {
    const app = await appServing(join(tmpdir(), 'kehu-no-such-build'));
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
    await app.close();
  });
});
