import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readBackupConfig } from '../../src/core/backup/backup-config.ts';
import { readConfig } from '../../src/core/config.ts';
import type { Deps } from '../../src/core/context.ts';
import { openDeps } from '../../src/core/open-deps.ts';
import { buildApp } from '../../src/server/app.ts';
import { WEB_DIST } from '../../src/server/plugins/web.ts';

export const CHROMIUM = process.env.KEHU_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
// Elsewhere the browser journeys are skipped with a notice; CI must not pass without them.
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but there is no Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Builds the web app once if dist/web is missing (CI builds it before the tests). */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const root = join(WEB_DIST, '../..');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed: the browser tests need the built web app');
}

export interface Workspace {
  url: string;
  deps: Deps;
  browser: Browser;
  /** A fresh browser context (own cookies and storage) on a phone- or desk-sized screen. */
  page(options?: { locale?: string; width?: number }): Promise<Page>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, read as each test needs
export type ApiCall = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<any>;

/** The API over real HTTP with these headers; an answer that is not a success fails the test, naming the call. */
function apiWith(url: string, auth: Record<string, string>): ApiCall {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...auth, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
}

/** The API as the holder of an API token, for a journey's set-up. */
export const apiWithToken = (url: string, token: string): ApiCall => apiWith(url, { authorization: `Bearer ${token}` });

/** The API as a user who signs in with their password (session cookie and CSRF token), for a journey's set-up. */
export async function apiAs(url: string, user: { email: string; password: string }): Promise<ApiCall> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) });
  if (!login.ok) throw new Error(`${user.email} could not sign in: ${login.status}`);
  const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return apiWith(url, { cookie, 'x-csrf-token': csrfToken });
}

/** The real server on a temporary SQLite data dir and a free port, plus headless Chromium. */
export async function startWorkspace(): Promise<Workspace> {
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'kehu-browser-'));
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir, PORT: '0' }));
  // Backups (the admin page takes them) stay in the temporary data dir, whatever the environment says.
  const app: FastifyInstance = await buildApp({ deps, backup: readBackupConfig({}, dataDir) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url,
    deps,
    browser,
    async page({ locale = 'zh-CN', width = 1280 } = {}) {
      const context = await browser.newContext({ locale, viewport: { width, height: 860 } });
      // A hang guard for every page of the context: three test files share two cores, so a page can take seconds to answer.
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      await instrumentForRaces(page);
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Finding a race: KEHU_BROWSER_CPU_THROTTLE=6 slows every page's CPU that many times (as a busy machine
// does); KEHU_BROWSER_TRACE=1 prints each page's requests, answers and console lines.
async function instrumentForRaces(page: Page): Promise<void> {
  const rate = Number(process.env.KEHU_BROWSER_CPU_THROTTLE ?? 1);
  if (rate > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });
  // KEHU_BROWSER_DELAY='GET /api/v1/tokens=3000;POST /revoke-all=2000' holds matching requests that long (a slow server).
  const delays = (process.env.KEHU_BROWSER_DELAY ?? '')
    .split(';')
    .filter(Boolean)
    .map((rule) => {
      const [what = '', ms = '0'] = rule.split('=');
      const [method = '', part = ''] = what.split(' ');
      return { method, part, ms: Number(ms) };
    });
  if (delays.length > 0) {
    await page.route('**/api/**', async (route) => {
      const request = route.request();
      const rule = delays.find((d) => d.method === request.method() && request.url().includes(d.part));
      if (rule) await new Promise((resolve) => setTimeout(resolve, rule.ms));
      await route.continue();
    });
  }
  if (process.env.KEHU_BROWSER_TRACE !== '1') return;
  const started = Date.now();
  const say = (line: string) => process.stderr.write(`[page +${Date.now() - started} ms] ${line}\n`);
  page.on('request', (request) => say(`-> ${request.method()} ${request.url()}`));
  page.on('response', (response) => say(`<- ${response.status()} ${response.request().method()} ${response.url()}`));
  page.on('requestfailed', (request) => say(`xx ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('console', (entry) => say(`console.${entry.type()} ${entry.text()}`));
  page.on('pageerror', (error) => say(`pageerror ${error.message}`));
}

/** Signs in through the sign-in form. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('customer-search').waitFor();
}
