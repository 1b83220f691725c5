import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { openTable } from '../../src/core/files/open-table.ts';
import { runImportJob } from '../../src/core/imports/run-import-job.ts';
import { startImport } from '../../src/core/imports/start-import.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { createTestDatabase, forEachDialect } from '../support/databases.ts';

// Exported files re-import without loss: export from one workspace, import into an empty one,
// export again and compare everything but kehu's own ids and timestamps.

const dir = mkdtempSync(join(tmpdir(), 'kehu-roundtrip-'));
const OWN = new Set(['Kehu id', 'Created at', 'Updated at', 'Customer kehu id', 'kehu 编号', '创建时间', '更新时间', '客户 kehu 编号']);

async function rowsOf(payload: Buffer, ext: string): Promise<Array<Record<string, string>>> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(path, payload);
  const { meta, rows } = await openTable({ path });
  const out: Array<Record<string, string>> = [];
  for await (const row of rows) out.push(Object.fromEntries(meta.headers.map((h, i) => [h, row.values[i] ?? '']).filter(([h]) => !OWN.has(h as string))));
  const name = (row: Record<string, string>) => row.Name ?? row['名称'] ?? '';
  return out.sort((a, b) => (name(a) < name(b) ? -1 : 1));
}

forEachDialect('export → import round trip', (db) => {
  let source: TestApi;
  const ownerEmail = 'roundtrip-owner@example.com';

  const setUp = async (api: TestApi) => {
    await api.userToken('sales', ownerEmail);
    const res = await api.call('POST', '/api/v1/custom-fields', { entity: 'customer', key: 'vip_level', label: 'VIP', type: 'text' });
    expect(res.statusCode, res.body).toBe(201);
  };
  const adminCtx = async (api: TestApi): Promise<Ctx> => {
    const admin = await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
    return { ...api.deps, actor: { userId: Number(admin.id), role: 'admin', teamId: null, canWrite: true } };
  };

  beforeAll(async () => {
    source = await createTestApi(db());
    await setUp(source);
    const owner = await source.deps.db.selectFrom('users').select('id').where('email', '=', ownerEmail).executeTakeFirstOrThrow();
    const customers = [
      { kind: 'company', name: '北京某某科技有限公司', stage: 'customer', level: 'A', source: '展会', industry: '软件', ownerId: Number(owner.id), country: '中国', province: '北京', city: '北京', district: '朝阳区', address: '建国路 1 号', postcode: '100022', website: 'https://example.cn', notes: '第一行\n第二行, "引号"; 分号', phones: [{ value: '+86 138 1234 5678' }, { value: '010 6512 3456' }], emails: [{ value: 'info@example.cn' }, { value: 'sales@example.cn' }], tags: ['重要', 'vip'], custom: { vip_level: '金卡' } },
      { kind: 'person', name: 'Zhang Wei', stage: 'lead', ownerId: Number(owner.id), birthday: '1990-06-01', phones: [{ value: '13912345678' }], emails: [{ value: 'zw@example.com' }] },
      { kind: 'person', name: '单田芳', stage: 'prospect', ownerId: Number(owner.id), level: 'C', city: '上海', birthday: '--02-03', emails: [{ value: 'stf@example.cn' }] },
      // Values a spreadsheet would run: exported with a leading ', imported without it.
      { kind: 'person', name: '=Lily Chen', stage: 'lead', ownerId: Number(owner.id), address: '-12 Main St', notes: '@all: call back', phones: [{ value: '+86 139 8765 4321' }] },
    ];
    for (const body of customers) {
      const res = await source.call('POST', '/api/v1/customers', body);
      expect(res.statusCode, res.body).toBe(201);
      if (body.kind !== 'company') continue;
      for (const contact of [
        { name: '张伟', title: '总经理', gender: 'male', birthday: '1985-04-15', notes: '喜欢喝茶', phones: [{ value: '13712345678' }], emails: [{ value: 'zhangwei@example.cn' }], tags: ['决策人'] },
        { name: 'Emily Carter', birthday: '--12-24', phones: [{ value: '+1 415 555 0123' }] },
      ]) {
        const made = await source.call('POST', '/api/v1/contacts', { ...contact, customerId: res.json().id });
        expect(made.statusCode, made.body).toBe(201);
      }
    }
  });

  // The machine form (E.164, owner e-mails) and the people's form (national phones, owner names, values in the language).
  const cases = [
    { format: 'csv', lang: '' },
    { format: 'xlsx', lang: '' },
    { format: 'xlsx', lang: 'zh' },
    { format: 'csv', lang: 'en' },
  ] as const;
  for (const { format, lang } of cases) {
    it(`a ${format.toUpperCase()} export${lang ? ` in ${lang}` : ''} imports into an empty workspace as the same customers, and again as no duplicates`, async () => {
      const query = `format=${format}${lang ? `&lang=${lang}&timeZone=Asia/Shanghai` : ''}`;
      const exported = await source.call('GET', `/api/v1/exports/customers?${query}`);
      expect(exported.statusCode, exported.body).toBe(200);
      const path = join(dir, `customers-${lang}.${format}`);
      writeFileSync(path, exported.rawPayload);
      const targetDb = await createTestDatabase(db().name);
      onTestFinished(() => targetDb.drop());
      const target = await createTestApi(targetDb);
      await setUp(target);
      const ctx = await adminCtx(target);
      const job = await runImportJob(target.deps, (await startImport(ctx, { filePath: path, type: 'customers' })).id);
      expect(job.status, JSON.stringify(job.errors)).toBe('done');
      expect(job.counts.invalid, JSON.stringify(job.errors)).toBe(0);
      // The guard's ' is the file's, not the value's: comparing two exports alone would not see it kept.
      const guarded = await target.deps.db.selectFrom('customers').select(['name', 'address', 'notes']).where('name', 'like', '%Lily Chen').execute();
      expect(guarded).toEqual([{ name: '=Lily Chen', address: '-12 Main St', notes: '@all: call back' }]);
      const again = await target.call('GET', `/api/v1/exports/customers?${query}`);
      expect(await rowsOf(again.rawPayload, format)).toEqual(await rowsOf(exported.rawPayload, format));
      const owned = await target.deps.db.selectFrom('customers').innerJoin('users', 'users.id', 'customers.owner_id').select('users.email').distinct().execute();
      expect(owned).toEqual([{ email: ownerEmail }]);
      const repeat = await runImportJob(target.deps, (await startImport(ctx, { filePath: path, type: 'customers' })).id);
      expect(repeat.counts).toMatchObject({ created: 0, invalid: 0 });

      const contacts = await source.call('GET', `/api/v1/exports/contacts?${query}`);
      const contactsPath = join(dir, `contacts-${lang}.${format}`);
      writeFileSync(contactsPath, contacts.rawPayload);
      const contactJob = await runImportJob(target.deps, (await startImport(ctx, { filePath: contactsPath, type: 'contacts' })).id);
      expect(contactJob.counts, JSON.stringify(contactJob.errors)).toMatchObject({ created: 2, invalid: 0 });
      const contactsAgain = await target.call('GET', `/api/v1/exports/contacts?${query}`);
      expect(await rowsOf(contactsAgain.rawPayload, format)).toEqual(await rowsOf(contacts.rawPayload, format));
    });
  }
});
