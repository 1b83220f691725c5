import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// The API tokens tab in headless Chromium against the built app: create (shown once), use, revoke.

const ADMIN = { email: 'tokens-admin@example.com', name: '管理员', password: 'tokens admin password' };
const REP = { email: 'tokens-rep@example.com', name: '销售', password: 'tokens rep password' };

describe.skipIf(!hasChromium)('API tokens tab in Chromium', () => {
  let ws: Workspace;
  const me = (token: string) => fetch(`${ws.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((res) => res.status);

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    await createUser(ws.deps, { ...REP, role: 'sales' }, null);
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  const createIn = async (page: Awaited<ReturnType<Workspace['page']>>, name: string): Promise<string> => {
    await page.getByRole('button', { name: zh.admin.addToken }).click();
    await page.getByPlaceholder(zh.admin.tokenNameHint).fill(name);
    await page.getByRole('button', { name: zh.app.save }).click();
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    const token = (await shown.textContent())?.trim() ?? '';
    expect(token).toMatch(/^kehu_/);
    await page.getByRole('button', { name: zh.admin.tokenStored }).click();
    return token;
  };

  it('an admin creates a token shown once, which works, and revokes it', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=tokens`);
    const token = await createIn(page, 'ERP 同步');
    expect(await me(token)).toBe(200);
    const table = page.getByTestId('admin-tokens');
    const row = table.locator('tr', { hasText: 'ERP 同步' });
    await row.waitFor();
    expect(await table.textContent()).not.toContain(token);
    expect(await row.textContent()).toContain(ADMIN.email);
    await row.getByRole('button', { name: zh.admin.revoke }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: zh.admin.revoke }).click();
    await row.getByText(zh.admin.tokenStatuses.revoked).waitFor();
    expect(await me(token)).toBe(401);
  });

  it('a rep opens the tab for their own tokens only', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, REP.email, REP.password);
    await page.goto(`${ws.url}/admin?tab=tokens`);
    const token = await createIn(page, '我的脚本');
    expect(await me(token)).toBe(200);
    const table = page.getByTestId('admin-tokens');
    await table.locator('tr', { hasText: '我的脚本' }).waitFor();
    expect(await table.textContent()).not.toContain('ERP 同步');
    await page.goto(`${ws.url}/admin?tab=users`);
    await page.getByText(zh.admin.adminsOnly).waitFor();
  });

  it('a rep revokes all their tokens with one button, in English on a phone and in Chinese at a desk', async () => {
    const adminToken = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
    for (const [locale, words, width] of [['en-GB', en, 390], ['zh-CN', zh, 1280]] as const) {
      const tokens = [await createToken(ws.deps, { email: REP.email, name: `script ${locale} 1` }, null), await createToken(ws.deps, { email: REP.email, name: `script ${locale} 2` }, null)];
      const page = await ws.page({ locale, width });
      await signIn(page, ws.url, REP.email, REP.password);
      await page.goto(`${ws.url}/admin?tab=tokens`);
      await page.getByTestId('admin-tokens').locator('tr', { hasText: `script ${locale} 2` }).waitFor();
      await page.getByTestId('revoke-all-tokens').click();
      const confirm = page.locator('.ant-popconfirm');
      await confirm.getByText(words.admin.confirmRevokeAllTokens.split('{{')[0]!.trim()).waitFor();
      if (process.env.KEHU_SCREENSHOTS) await page.screenshot({ path: `${process.env.KEHU_SCREENSHOTS}/revoke-all-${locale}-${width}.png` });
      await confirm.getByRole('button', { name: words.admin.revoke }).click();
      await page.getByTestId('all-tokens-revoked').getByText(words.admin.allTokensRevoked).waitFor();
      await page.getByTestId('revoke-all-tokens').waitFor({ state: 'detached' });
      for (const { token } of tokens) expect(await me(token), locale).toBe(401);
      expect(await me(adminToken)).toBe(200);
      await page.context().close();
    }
  });
});
