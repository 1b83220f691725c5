// npm run screenshots: seeds the demo into a temporary workspace, starts the real server and saves
// PNGs of the main pages, in Chinese and English, into docs/screenshots/ (used by the README).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { readConfig } from '../src/core/config.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { seedDemo } from '../src/core/seed/seed-demo.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { buildApp } from '../src/server/app.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/screenshots');
const CHROMIUM = process.env.KEHU_CHROMIUM ?? '/usr/bin/chromium';
const ADMIN = { email: 'admin@example.com', name: '王静', password: 'screenshots only 123' };
const LANGUAGES = [
  { code: 'zh', locale: 'zh-CN' },
  { code: 'en', locale: 'en-US' },
] as const;

interface Shot {
  name: string;
  /** a path, or a function of the sample customer's id */
  path: string | ((customerId: number) => string);
  /** a selector that shows when the page has loaded its data */
  ready: string;
  width?: number;
  signedIn?: boolean;
}

// Each page the README shows. A new page adds one line here.
const SHOTS: Shot[] = [
  { name: 'sign-in', path: '/', ready: 'input[type="password"]', signedIn: false },
  { name: 'customers', path: '/customers', ready: '[data-testid="customer-link"]' },
  { name: 'customer', path: (id) => `/customers/${id}`, ready: '[data-testid="timeline-interaction"]' },
  { name: 'customers-phone', path: '/customers', ready: '[data-testid="customer-link"]', width: 390 },
  { name: 'customer-phone', path: (id) => `/customers/${id}`, ready: '[data-testid="timeline-interaction"]', width: 390 },
  { name: 'dashboard', path: '/dashboard', ready: '[data-testid="dashboard"] canvas' },
  { name: 'reports', path: '/reports', ready: '[data-testid="report-cohorts-chart"] canvas' },
  { name: 'deals', path: '/deals', ready: '[data-testid="deal-card"]' },
];

async function settle(page: Page, ready: string) {
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(400); // let antd's motion finish
}

async function main() {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-web-if-needed.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('could not build the web app');
  mkdirSync(out, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kehu-shots-'));
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir, PORT: '0' }));
  const app = await buildApp({ deps });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars'] });
  try {
    // First run: nobody exists yet.
    for (const lang of LANGUAGES) {
      const page = await browser.newPage({ locale: lang.locale, viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      await settle(page, 'input[autocomplete="new-password"]');
      await page.screenshot({ path: join(out, `${lang.code}-setup.png`) });
      await page.close();
    }
    await createUser(deps, { ...ADMIN, role: 'admin' }, null);
    const summary = await seedDemo(deps);
    console.error(`screenshots: demo workspace with ${summary.customers} customers, ${summary.interactions} interactions`);
    const sample = await deps.db
      .selectFrom('interactions')
      .innerJoin('customers', 'customers.id', 'interactions.customer_id')
      .select(['interactions.customer_id as id'])
      .where('customers.kind', '=', 'company')
      .groupBy('interactions.customer_id')
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

    for (const lang of LANGUAGES) {
      for (const shot of SHOTS) {
        const context = await browser.newContext({ locale: lang.locale, viewport: { width: shot.width ?? 1280, height: shot.width ? 844 : 800 }, deviceScaleFactor: shot.width ? 2 : 1 });
        await context.addInitScript(`localStorage.setItem('kehu.language', '${lang.code}')`);
        const page = await context.newPage();
        if (shot.signedIn !== false) {
          const res = await page.request.post(`${url}/api/v1/auth/login`, { data: { email: ADMIN.email, password: ADMIN.password } });
          if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
        }
        await page.goto(url + (typeof shot.path === 'function' ? shot.path(sample.id) : shot.path));
        await settle(page, shot.ready);
        const file = join(out, `${lang.code}-${shot.name}.png`);
        await page.screenshot({ path: file });
        console.error(`screenshots: ${file}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
