import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeEndlessVcard, writeXlsxBomb } from '../../bench/upload-bombs-data.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { form } from '../support/uploads.ts';

const scratch = mkdtempSync(join(tmpdir(), 'kehu-hostile-'));
const uploads = join(scratch, 'uploads');
process.env.KEHU_IMPORT_DIR = uploads;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Input no route was written for: nested beyond reason, oversized, hostile. Each gets a clear
// 4xx naming what and where, never a 500, and changes nothing.

forEachDialect('hostile request bodies', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });
  const json = { 'content-type': 'application/json' };
  const customers = async () => (await db().db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('refuses JSON nested thousands of levels deep with a 400 naming where', async () => {
    for (const depth of [5_000, 100_000]) {
      const objects = `{"kind":"person","name":"Deep","custom":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      for (const body of [objects, arrays]) {
        const response = await api.call('POST', '/api/v1/customers', body, json);
        expect(response.statusCode, response.body.slice(0, 200)).toBe(400);
        expect(response.json().detail).toMatch(/nested too deeply/);
      }
    }
    const deep = await api.call('POST', '/api/v1/customers', `{"kind":"person","name":"Deep","custom":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`, json);
    expect(deep.json().errors[0].field).toMatch(/^custom\.a\.a\.a/);
    expect(await customers()).toBe(0);
  });

  it('answers an upload bomb with 413 before reading it, and keeps no copy', async () => {
    const bombs = [
      { name: 'bomb.xlsx', write: (path: string) => writeXlsxBomb(path, 'many-strings', 1024 ** 3, true), detail: /workbook is too large to read safely/ },
      { name: 'cell.xlsx', write: (path: string) => writeXlsxBomb(path, 'one-cell', 1024 ** 3), detail: /longer than 1 MiB/ },
      { name: 'endless.vcf', write: (path: string) => writeEndlessVcard(path, 12 * 1024 * 1024), detail: /card 1 is larger than 8 MiB/ },
    ];
    for (const bomb of bombs) {
      const path = join(scratch, bomb.name);
      bomb.write(path);
      const body = form({ name: bomb.name, bytes: readFileSync(path) });
      for (const url of ['/api/v1/imports/preview', '/api/v1/imports']) {
        const response = await api.app.inject({ method: 'POST', url, payload: body.payload, headers: { authorization: `Bearer ${api.token}`, ...body.headers } });
        expect(response.statusCode, `${url} ${bomb.name}: ${response.body}`).toBe(413);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.json().detail).toMatch(bomb.detail);
        expect(response.json().errors[0].field).toBe('file');
      }
    }
    expect(readdirSync(uploads)).toEqual([]);
    expect(await customers()).toBe(0);
  }, 120_000);

  it('answers a multipart body cut short, or a field past its limit, with a 4xx and keeps no file', async () => {
    const whole = form({ name: 'people.csv', bytes: Buffer.from('name\n张三\n') }, { mapping: 'x'.repeat(300 * 1024) });
    const headers = { authorization: `Bearer ${api.token}`, ...whole.headers };
    const tooLong = await api.app.inject({ method: 'POST', url: '/api/v1/imports/preview', payload: whole.payload, headers });
    expect(tooLong.statusCode).toBe(413);
    expect(tooLong.json().errors[0].field).toBe('mapping');
    const cut = form({ name: 'people.csv', bytes: Buffer.from('name\n张三\n') });
    const truncated = cut.payload.subarray(0, cut.payload.length - 20);
    const response = await api.app.inject({ method: 'POST', url: '/api/v1/imports/preview', payload: truncated, headers: { authorization: `Bearer ${api.token}`, ...cut.headers } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().detail).toMatch(/malformed or cut short/);
    expect(readdirSync(uploads)).toEqual([]);
  });

  it('still takes ordinary nesting', async () => {
    const response = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '王五', phones: [{ value: '13812345678', label: 'mobile' }] });
    expect(response.statusCode).toBe(201);
  });
});
