import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './error-handler.ts';

/** Where `npm run build` puts the web app (vite.config.ts outDir). */
export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kehu</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>kehu is running, but the web app is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>The API is available now: <a href="/api/docs">/api/docs</a>.</p></body></html>`;

const isServerPath = (url: string) => url.startsWith('/api/') || url === '/api' || url.startsWith('/healthz');

/**
 * Serves the built React app: hashed assets cached for a year, index.html never cached, and
 * every other GET that is not an API path answered with index.html so the app's own router
 * can show deep links. Without a build, `/` says how to make one.
 */
export async function registerWeb(app: FastifyInstance, dir = WEB_DIST): Promise<void> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(reply, path) {
      const hashed = path.includes(`${join(dir, 'assets')}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isServerPath(path)) return sendProblem(reply, 404, `no route for ${request.method} ${path}`, undefined, { code: 'request.no_route', params: { method: request.method, path } });
    // a file a build made after the server started (its routes were made at start), else a 404:
    // never index.html as a script, which the browser would refuse with a MIME error
    if (path.startsWith('/assets/')) return /^\/assets\/[\w-]+(\.[\w-]+)+$/.test(path) ? reply.sendFile(path.slice(1), dir) : reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
  };
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.get('/*', { schema: { hide: true } }, sendIndex);
}
