import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// Issue 11: the contact form shows and edits what an address book holds (nickname, role,
// department, address, website, a birthday without its year), checked as it is typed; in Chinese
// on a phone, in English on a desk.

const ADMIN = { email: 'card-fields@example.com', name: '管理员', password: 'card fields password' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, read as the test needs
type Answer = any;

let ws: Workspace;
let token = '';
const api = async (method: string, path: string, body?: unknown): Promise<Answer> => {
  const res = await fetch(`${ws.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
};

beforeAll(async () => {
  if (!hasChromium) return;
  ws = await startWorkspace();
  await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
  token = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
}, 180_000);
afterAll(async () => {
  await ws?.close();
});

it.skipIf(!hasChromium)('adds a contact with its card fields in Chinese at 390 px (bad birthday and website told inline), edits them in English at 1280 px', { timeout: 120_000 }, async () => {
  const company = await api('POST', '/customers', { kind: 'company', name: '杭州云帆科技有限公司' });
  const zhPage = await ws.page({ locale: 'zh-CN', width: 390 });
  await signIn(zhPage, ws.url, ADMIN.email, ADMIN.password);
  await zhPage.goto(`${ws.url}/customers/${company.id}`);
  await zhPage.getByTestId('add-contact').click();
  const dialog = zhPage.getByRole('dialog');
  await dialog.getByLabel(zh.contacts.name).fill('陈静');
  await dialog.getByTestId('contact-birthday').fill('1990-13-01');
  await dialog.getByTestId('contact-website').fill('not a site');
  await dialog.getByTestId('contact-save').click();
  await dialog.getByText(zh.contacts.birthdayInvalid).waitFor();
  await dialog.getByText(zh.contacts.websiteInvalid).waitFor();
  await dialog.getByTestId('contact-birthday').fill('--04-15');
  await dialog.getByTestId('contact-website').fill('chenjing.example.com');
  await dialog.getByLabel(zh.contacts.fields.nickname).fill('静静');
  await dialog.getByLabel(zh.contacts.fields.department).fill('市场部');
  await dialog.getByLabel(zh.contacts.fields.role).fill('决策人');
  await dialog.getByLabel(zh.contacts.fields.address).fill('西湖区文三路 90 号');
  await dialog.getByLabel(zh.contacts.fields.city).fill('杭州');
  await dialog.getByLabel(zh.contacts.fields.postcode).fill('310012');
  await dialog.getByTestId('contact-save').click();
  const item = zhPage.getByTestId('contact-item').filter({ hasText: '陈静' });
  const details = await item.getByTestId('contact-details').textContent();
  expect(details).toContain('昵称：静静 · 部门：市场部 · 角色：决策人 · 生日：04-15（年份不详）');
  expect(details).toContain('西湖区文三路 90 号, 杭州, 310012');
  const [saved] = (await api('GET', `/customers/${company.id}/contacts`)).items;
  expect(saved).toMatchObject({ name: '陈静', nickname: '静静', department: '市场部', role: '决策人', birthday: '--04-15', website: 'chenjing.example.com', city: '杭州', postcode: '310012', province: null });
  await zhPage.context().close();

  const enPage = await ws.page({ locale: 'en-GB', width: 1280 });
  await signIn(enPage, ws.url, ADMIN.email, ADMIN.password);
  await enPage.goto(`${ws.url}/customers/${company.id}`);
  await enPage.getByRole('button', { name: `${en.app.edit} 陈静` }).click();
  const form = enPage.getByRole('dialog');
  expect(await form.getByLabel(en.contacts.fields.nickname).inputValue()).toBe('静静');
  expect(await form.getByTestId('contact-birthday').inputValue()).toBe('--04-15');
  await form.getByLabel(en.contacts.fields.role).fill('Decision maker');
  await form.getByLabel(en.contacts.fields.city).fill('');
  await form.getByLabel(en.contacts.fields.country).fill('China');
  await form.getByTestId('contact-save').click();
  await enPage.getByTestId('contact-details').filter({ hasText: 'Role: Decision maker' }).waitFor();
  expect(await enPage.getByTestId('contact-details').textContent()).toContain('Birthday: 04-15 (year unknown)');
  expect((await api('GET', `/contacts/${saved.id}`))).toMatchObject({ role: 'Decision maker', city: null, country: 'China', nickname: '静静', version: saved.version + 1 });
  await enPage.context().close();
});
