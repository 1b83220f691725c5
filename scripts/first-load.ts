// npm run web:first-load [-- --n 1000000]: how fast the customer list is usable over N customers.
// Fills .bench/web-<n>/ once (reused afterwards), starts the real server and measures in Chromium:
// navigation → first row shown, and typing a pinyin search → its first result shown.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { generateCustomers } from '../bench/generate.ts';
import { readConfig } from '../src/core/config.ts';
import { bulkInsertCustomers } from '../src/core/customers/bulk-insert-customers.ts';
import { openDeps } from '../src/core/open-deps.ts';
import { createUser } from '../src/core/users/create-user.ts';
import { buildApp } from '../src/server/app.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { n: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const n = Number(values.n);
const runs = Number(values.runs);
const ADMIN = { email: 'first-load@example.com', password: 'first load password 1' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  spawnSync(process.execPath, [join(root, 'scripts/build-web-if-needed.mjs')], { stdio: 'inherit' });
  const dataDir = join(root, '.bench', `web-${n}`);
  mkdirSync(dataDir, { recursive: true });
  const { deps, database } = await openDeps(readConfig({ KEHU_DATA_DIR: dataDir, PORT: '0' }));
  const existing = await deps.db.selectFrom('users').select('id').where('email', '=', ADMIN.email).executeTakeFirst();
  if (!existing) {
    const admin = await createUser(deps, { email: ADMIN.email, name: 'First Load', role: 'admin', password: ADMIN.password }, null);
    console.error(`first-load: inserting ${n} customers into ${dataDir} (once)…`);
    await bulkInsertCustomers({ ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } }, generateCustomers(n));
  }
  const app = await buildApp({ deps });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: process.env.KEHU_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const firstRow: number[] = [];
  const searched: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      await page.request.post(`${url}/api/v1/auth/login`, { data: ADMIN });
      const start = Date.now();
      await page.goto(`${url}/customers`);
      await page.getByTestId('customer-link').first().waitFor({ timeout: 30_000 });
      firstRow.push(Date.now() - start);
      const typed = Date.now();
      await page.getByTestId('customer-search').fill('zhang');
      await page.waitForURL((u) => u.searchParams.get('q') === 'zhang');
      await page.getByTestId('customer-link').first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      searched.push(Date.now() - typed);
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
  console.log(`customers: ${n}, runs: ${runs} (cold browser context each run)`);
  console.log(`open /customers → first row shown: median ${median(firstRow)} ms, max ${Math.max(...firstRow)} ms`);
  console.log(`type "zhang" → results shown (includes the 200 ms typing debounce): median ${median(searched)} ms, max ${Math.max(...searched)} ms`);
}

await main();
