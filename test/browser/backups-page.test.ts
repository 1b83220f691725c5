import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteGate } from '../../src/core/backup/write-gate.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { setUserDisabled } from '../../src/core/users/disable-user.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import type { Page } from 'playwright-core';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

const SHOTS = process.env.KEHU_SHOTS_DIR;

// The Backups and Health tabs in headless Chromium against the built app and a real SQLite file.

const ADMIN = { email: 'backups-admin@example.com', name: '管理员', password: 'backups admin password' };
const REP = { email: 'backups-rep@example.com', name: '销售', password: 'backups rep password' };

describe.skipIf(!hasChromium)('Backups and Health tabs in Chromium', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    await createUser(ws.deps, { ...REP, role: 'sales' }, null);
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  it('an admin backs up now, sees the file listed, tests its restore and sees it pass; the audit log names both', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=backups`);
    await page.getByText(zh.backups.noneYet).waitFor();
    await page.getByRole('button', { name: zh.backups.backUpNow }).click();
    const files = page.getByTestId('backup-files');
    const row = files.locator('tr', { hasText: /kehu-\d{8}-\d{6}-manual\.kehubackup/ });
    await row.waitFor({ timeout: 60_000 });
    await row.getByText(zh.backups.notTested).waitFor();
    const name = (await row.locator('code').first().textContent())?.trim() ?? '';
    expect(name).toMatch(/\.kehubackup$/);
    await page.getByTestId('backup-runs').locator('tr', { hasText: zh.backups.kinds.backup }).getByText(zh.backups.statuses.ok).waitFor();

    await row.getByRole('button', { name: zh.backups.verify }).click();
    await row.getByText(new RegExp(`^${zh.backups.passed} · `)).waitFor({ timeout: 60_000 });
    const lastGood = await page.getByTestId('last-good-verify').textContent();
    expect(lastGood).not.toBe(zh.backups.never);
    expect(lastGood).toMatch(/\d/);
    await page.getByTestId('backup-runs').locator('tr', { hasText: zh.backups.kinds.verify }).getByText(zh.backups.statuses.ok).waitFor();

    await page.goto(`${ws.url}/admin?tab=audit`);
    const log = page.getByTestId('audit-log');
    await log.getByText(zh.auditActions.backup, { exact: true }).waitFor();
    await log.getByText(zh.auditActions.backup_verify, { exact: true }).waitFor();
  });

  it('a restore asks for the backup’s name before it replaces anything', async () => {
    const page = await ws.page({ locale: 'en-US' });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=backups`);
    const row = page.getByTestId('backup-files').locator('tr', { hasText: /\.kehubackup/ }).first();
    await row.getByRole('button', { name: en.backups.restore }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(en.backups.restoreDetail).waitFor();
    const replace = dialog.getByRole('button', { name: en.backups.restoreNow });
    expect(await replace.isDisabled()).toBe(true);
    await dialog.getByTestId('restore-confirm').fill('yes');
    expect(await replace.isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: en.app.cancel }).click();
    const restores = await ws.deps.db.selectFrom('backup_runs').select('id').where('kind', '=', 'restore').execute();
    expect(restores).toHaveLength(0);
  });

  it('a directory that is not there is refused under the field when saved; a failed backup is shown on the page, with what went wrong', async () => {
    const page = await ws.page({ locale: 'en-US' });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=backups`);
    const shownDirectory = await page.getByTestId('backup-overview').locator('code').first().textContent();
    await page.getByRole('button', { name: en.backups.settings }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(en.backups.directory).fill('/proc/kehu-cannot-write-here');
    await dialog.getByRole('button', { name: en.app.save }).click();
    await dialog.getByText('the backup folder /proc/kehu-cannot-write-here does not exist').waitFor();
    await dialog.getByRole('button', { name: en.app.cancel }).click();
    expect(await page.getByTestId('backup-overview').locator('code').first().textContent()).toBe(shownDirectory);
    expect((await ws.deps.db.selectFrom('settings').select('key').where('key', '=', 'backup').execute()).length).toBe(0);
    // the same refusal in Chinese, under the field
    const zhPage = await ws.page();
    await signIn(zhPage, ws.url, ADMIN.email, ADMIN.password);
    await zhPage.goto(`${ws.url}/admin?tab=backups`);
    await zhPage.getByRole('button', { name: zh.backups.settings }).click();
    await zhPage.getByRole('dialog').getByLabel(zh.backups.directory).fill('/proc/kehu-cannot-write-here');
    await zhPage.getByRole('dialog').getByRole('button', { name: zh.app.save }).click();
    await zhPage.getByRole('dialog').getByText('备份文件夹 /proc/kehu-cannot-write-here 不存在').waitFor();
    if (SHOTS) await zhPage.screenshot({ path: `${SHOTS}/backup-directory-refused-zh-desk.png` });
    await zhPage.getByRole('dialog').getByRole('button', { name: zh.app.cancel }).click();

    // a folder that was fine when chosen and is a file by the time of the backup
    const chosen = join(mkdtempSync(join(tmpdir(), 'kehu-browser-backups-')), 'chosen');
    mkdirSync(chosen);
    await page.getByRole('button', { name: en.backups.settings }).click();
    await dialog.getByLabel(en.backups.directory).fill(chosen);
    await dialog.getByRole('button', { name: en.app.save }).click();
    await page.getByTestId('backup-overview').getByText(chosen).waitFor();
    rmSync(chosen, { recursive: true });
    writeFileSync(chosen, 'not a folder any more\n');
    await page.getByRole('button', { name: en.backups.backUpNow }).click();
    const failed = page.getByTestId('backup-failed');
    await failed.waitFor({ timeout: 60_000 });
    // the coded message in English too; the system's own words only as the smaller line below it
    expect(await failed.textContent()).toContain(`a part of ${chosen} is a file, not a folder (ENOTDIR)`);
    expect(await failed.getByTestId('problem-detail').textContent()).toMatch(/^ENOTDIR: not a directory/);
    expect(await failed.locator('.ant-alert-description > div').first().textContent()).toBe(`a part of ${chosen} is a file, not a folder (ENOTDIR)`);
    // in Chinese, the same failure in Chinese: the run keeps a message code beside the English of the log
    await zhPage.goto(`${ws.url}/admin?tab=backups`);
    const zhFailed = zhPage.getByTestId('backup-failed');
    await zhFailed.waitFor();
    expect(await zhFailed.textContent()).toContain(`${chosen} 中有一段是文件而不是文件夹（ENOTDIR）`);
    if (SHOTS) await zhPage.screenshot({ path: `${SHOTS}/backup-failed-zh-desk.png` });
    const phone = await ws.page({ width: 390 });
    await signIn(phone, ws.url, ADMIN.email, ADMIN.password);
    await phone.goto(`${ws.url}/admin?tab=backups`);
    await phone.getByTestId('backup-failed').getByText('中有一段是文件而不是文件夹', { exact: false }).waitFor();
    if (SHOTS) await phone.screenshot({ path: `${SHOTS}/backup-failed-zh-phone.png`, fullPage: true });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/backup-failed-en-desk.png` });
    await page.getByRole('button', { name: en.backups.settings }).click();
    await page.getByRole('dialog').getByLabel(en.backups.directory).fill('');
    await page.getByRole('dialog').getByRole('button', { name: en.app.save }).click();
    await page.getByTestId('backup-files').locator('tr', { hasText: /\.kehubackup/ }).first().waitFor();
  });

  it('at phone width the files and runs are stacked, readable without sideways scrolling, in Chinese and English', async () => {
    for (const [locale, words] of [['zh-CN', zh], ['en-US', en]] as const) {
      for (const width of [1280, 390]) {
        const page = await ws.page({ locale, width });
        await signIn(page, ws.url, ADMIN.email, ADMIN.password);
        await page.goto(`${ws.url}/admin?tab=backups`);
        const files = page.getByTestId('backup-files');
        const row = files.locator('tr', { hasText: /kehu-\d{8}-\d{6}-manual\.kehubackup/ }).first();
        const tested = row.getByText(new RegExp(`^${words.backups.passed} · `));
        await tested.waitFor();
        await page.getByTestId('backup-runs').locator('tr', { hasText: words.backups.kinds.backup }).first().waitFor();
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/backups-${locale.slice(0, 2)}-${width === 390 ? 'phone' : 'desk'}.png`, fullPage: true });
        if (width === 390) {
          // nothing wider than the screen: neither the page nor a table scrolls sideways, and the restore test, its buttons and the runs' errors are in view
          expect(await page.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth)).toBe(true);
          for (const table of [files, page.getByTestId('backup-runs')]) {
            expect(await table.locator('.ant-table-content').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
          }
          for (const part of [tested, row.getByRole('button', { name: words.backups.verify }), row.getByRole('button', { name: words.backups.restore })]) {
            const box = await part.boundingBox();
            expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
          }
          const error = page.getByTestId('backup-runs').getByTestId('problem-detail').first();
          const box = await error.boundingBox();
          expect(box && box.x + box.width <= 390).toBe(true);
        }
        await page.context().close();
      }
    }
  });

  it('the health tab shows the database, its tables and the last passing restore test, and optimizes in one click', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=health`);
    const health = page.getByTestId('health');
    await health.getByText(zh.health.databaseSize.replace('{{dialect}}', 'SQLite')).waitFor();
    await page.getByTestId('table-rows').locator('tr', { hasText: 'customers' }).waitFor();
    await health.getByText(zh.health.ok, { exact: true }).waitFor();
    await page.getByRole('button', { name: zh.health.actions.optimize }).click();
    await page.getByText(/优化：/).waitFor();
    const audited = await ws.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'maintenance').execute();
    expect(audited).toHaveLength(1);
  });

  it('while a restore runs the Backups tab says so, how far it is and that changes wait; a save elsewhere says why in the reader’s language', async () => {
    const gate = ws.deps.writeGate as WriteGate;
    // Signed in before: from the moment the data is replaced, signing in waits for the restore too.
    const pages = [];
    for (const [locale, words] of [['zh-CN', zh], ['en-US', en]] as const) {
      for (const width of [1280, 390]) {
        const page = await ws.page({ locale, width });
        await signIn(page, ws.url, ADMIN.email, ADMIN.password);
        pages.push({ page, locale, words, width });
      }
    }
    await gate.close('kehu-20260101-000000-manual.kehubackup', new Date());
    try {
      gate.update('restoring', 0.42);
      for (const { page, locale, words, width } of pages) {
        await page.goto(`${ws.url}/admin?tab=backups`);
        const banner = page.getByTestId('restore-running');
        await banner.getByText(words.backups.restoring.replace('{{file}}', 'kehu-20260101-000000-manual.kehubackup')).waitFor();
        await banner.getByText(words.backups.restorePhases.restoring).waitFor();
        await banner.getByText(words.backups.writesPaused).waitFor();
        expect(await banner.getByTestId('restore-progress').textContent()).toContain('42%');
        expect(await page.getByRole('button', { name: words.backups.backUpNow }).isDisabled()).toBe(true);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/restore-running-${locale.slice(0, 2)}-${width === 390 ? 'phone' : 'desk'}.png`, fullPage: width === 390 });
        if (width === 1280) {
          await page.goto(ws.url);
          await page.getByTestId('new-customer').click();
          await page.getByRole('dialog').getByLabel(words.customers.name).fill('Saved during a restore');
          await page.getByRole('dialog').getByRole('button', { name: words.app.save }).click();
          await page.getByText(formatMessage(locale === 'zh-CN' ? 'zh' : 'en', 'server.restoring') as string).first().waitFor();
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/restore-refused-${locale.slice(0, 2)}-desk.png` });
        }
        await page.context().close();
      }
    } finally {
      gate.open();
    }
    const saved = await ws.deps.db.selectFrom('customers').select('id').where('name', '=', 'Saved during a restore').execute();
    expect(saved).toHaveLength(0);
  });

  it('a rep sees neither tab', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, REP.email, REP.password);
    for (const tab of ['backups', 'health']) {
      await page.goto(`${ws.url}/admin?tab=${tab}`);
      await page.getByText(zh.admin.adminsOnly).waitFor();
      expect(await page.getByRole('tab', { name: zh.admin.tabs.backups }).count()).toBe(0);
      expect(await page.getByRole('button', { name: zh.backups.backUpNow }).count()).toBe(0);
    }
  });

  it('an admin the backup does not know restores it: they are signed out, and the backup’s admin, kept enabled, is told why on the page', async () => {
    // The admin backs up; then a new admin takes over and disables the admin of the backup’s day.
    const fileNames = async (at: Page) => (await at.getByTestId('backup-files').locator('code').allTextContents()).map((t) => t.trim());
    const first = await ws.page();
    await signIn(first, ws.url, ADMIN.email, ADMIN.password);
    await first.goto(`${ws.url}/admin?tab=backups`);
    await first.getByTestId('backup-overview').waitFor();
    const before = await fileNames(first);
    await first.getByRole('button', { name: zh.backups.backUpNow }).click();
    await expect.poll(async () => (await fileNames(first)).length, { timeout: 60_000 }).toBe(before.length + 1);
    const name = (await fileNames(first)).find((f) => !before.includes(f)) ?? '';
    await first.context().close();
    const successor = { email: 'backups-successor@example.com', name: '接任者', password: 'backups successor password' };
    await createUser(ws.deps, { ...successor, role: 'admin' }, null);
    await setUserDisabled(ws.deps, ADMIN.email, true);
    const page = await ws.page();
    await signIn(page, ws.url, successor.email, successor.password);
    await page.goto(`${ws.url}/admin?tab=backups`);
    const row = page.getByTestId('backup-files').locator('tr', { hasText: name });
    await row.getByRole('button', { name: zh.backups.restore }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(zh.backups.restoreDetail).waitFor();
    await dialog.getByTestId('restore-confirm').fill(name);
    await dialog.getByRole('button', { name: zh.backups.restoreNow }).click();
    // everyone signs in again, the successor too, who is not in the restored data
    await page.locator('input[type="email"]').waitFor({ timeout: 60_000 });
    await page.context().close();

    for (const [locale, words] of [['zh-CN', zh], ['en-US', en]] as const) {
      const admin = await ws.page({ locale });
      await signIn(admin, ws.url, ADMIN.email, ADMIN.password);
      await admin.goto(`${ws.url}/admin?tab=backups`);
      const note = admin.getByTestId('backup-runs').getByTestId('restore-note').first();
      await note.getByText(words.backups.afterRestore.replace(/\{\{\w+\}\}.*$/, ''), { exact: false }).waitFor();
      expect(await note.textContent()).toContain(words.backups.adminsKept_one.replace('{{count}}', '1'));
      expect(await note.textContent()).toContain(words.backups.restoredBy.replace('{{email}}', successor.email));
      if (SHOTS) await admin.screenshot({ path: `${SHOTS}/restore-note-${locale.slice(0, 2)}-desk.png`, fullPage: true });
      await admin.context().close();
    }
    const users = await ws.deps.db.selectFrom('users').select(['email', 'disabled']).where('role', '=', 'admin').execute();
    expect(users.map((u) => [u.email, Boolean(u.disabled)])).toEqual([[ADMIN.email, false]]);
  });
});
