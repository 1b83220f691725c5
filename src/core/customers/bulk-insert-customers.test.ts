import { testKeyring } from '../../../test/support/keyring.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/clock.ts';
import { forEachDialect } from '../../../test/support/databases.ts';
import type { CustomerCreateInput } from '../../domain/customer.ts';
import type { Ctx } from '../context.ts';
import { createUser } from '../users/create-user.ts';
import { bulkInsertCustomers } from './bulk-insert-customers.ts';
import { createCustomer } from './create-customer.ts';
import { getCustomer } from './get-customer.ts';
import { listCustomers } from './list-customers.ts';
import { updateCustomer } from './update-customer.ts';

forEachDialect('bulkInsertCustomers', (db) => {
  let ctx: Ctx;
  beforeAll(async () => {
    const { db: kysely, dialect } = db();
    const deps = { db: kysely, dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'bulk-admin@example.com', name: 'Admin', role: 'admin' }, null);
    ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
  });

  const names = async (q: string) => (await listCustomers(ctx, { q, limit: 200 })).items.map((c) => c.name).sort();

  describe('valid rows', () => {
    beforeAll(async () => {
      const rows: CustomerCreateInput[] = [
        { kind: 'person', name: ' 张伟 ', phones: [{ value: '+86 138 1234 5678' }], emails: [{ value: 'Zhang.Wei@Example.CN' }], tags: ['vip', ' vip'] },
        { kind: 'person', name: '单田芳', phones: [{ value: '0086 139-8765-4321' }] },
        { kind: 'company', name: '北京星辰科技有限公司', phones: [{ value: '１３７００１１２２３３' }], city: '北京' },
        { kind: 'person', name: 'Emily Carter', phones: [{ value: '+1 (415) 555-0123', label: 'work' }], emails: [{ value: 'emily@carter.io' }] },
      ];
      const result = await bulkInsertCustomers(ctx, rows);
      expect(result).toMatchObject({ processed: 4, inserted: 4, invalid: 0, errors: [] });
    });

    it('finds them by name, pinyin, initials, phone fragment and email', async () => {
      expect(await names('张伟')).toEqual(['张伟']);
      expect(await names('zhangwei')).toEqual(['张伟']);
      expect(await names('zw')).toEqual(['张伟']);
      expect(await names('stf')).toEqual(['单田芳']);
      expect(await names('shantianfang')).toEqual(['单田芳']);
      expect(await names('1234 5678')).toEqual(['张伟']);
      expect(await names('8765-4321')).toEqual(['单田芳']);
      expect(await names('星辰科技')).toEqual(['北京星辰科技有限公司']);
      expect(await names('carter.io')).toEqual(['Emily Carter']);
      expect(await names('415 555')).toEqual(['Emily Carter']);
    });

    it('normalises phones and emails to what createCustomer stores, keeping the raw input', async () => {
      const [zhang] = (await listCustomers(ctx, { q: 'zhangwei' })).items;
      expect(zhang).toMatchObject({
        name: '张伟',
        pinyin: 'zhangwei',
        initials: 'zw',
        phones: [{ value: '+8613812345678', raw: '+86 138 1234 5678', label: null, primary: true }],
        emails: [{ value: 'zhang.wei@example.cn', raw: 'Zhang.Wei@Example.CN', label: null, primary: true }],
        tags: ['vip'],
        ownerId: ctx.actor.userId,
        createdBy: ctx.actor.userId,
        stage: 'lead',
        version: 1,
      });
      const phones = async (q: string) => (await listCustomers(ctx, { q })).items[0]?.phones.map((p) => p.value);
      expect(await phones('stf')).toEqual(['+8613987654321']);
      expect(await phones('星辰科技')).toEqual(['+8613700112233']);
      expect(await phones('carter.io')).toEqual(['+14155550123']);
    });

    it('keeps the search index live afterwards for single creates and renames', async () => {
      await createCustomer(ctx, { kind: 'person', name: '曾小贤', phones: [{ value: '13600001111' }] });
      expect(await names('zengxiaoxian')).toEqual(['曾小贤']);
      const [emily] = (await listCustomers(ctx, { q: 'carter.io' })).items;
      await updateCustomer(ctx, emily!.id, { name: 'Emily Walker' });
      expect(await names('walker')).toEqual(['Emily Walker']);
      expect(await names('emily carter')).toEqual([]);
    });
  });

  it('links phones to the right customers across many insert statements', async () => {
    const rows = Array.from({ length: 3_500 }, (_, i) => ({
      kind: 'person' as const,
      name: `Linked ${i}`,
      phones: [{ value: `138 8800 ${String(i).padStart(4, '0')}` }],
    }));
    const seen: number[] = [];
    const result = await bulkInsertCustomers(ctx, rows, { chunkSize: 2_000, onProgress: (p) => seen.push(p.processed) });
    expect(result.inserted).toBe(3_500);
    expect(seen).toEqual([2_000, 3_500]);
    for (const i of [0, 1_488, 1_489, 2_000, 3_499]) {
      const [found] = (await listCustomers(ctx, { q: `1388800${String(i).padStart(4, '0')}` })).items;
      expect(found?.name).toBe(`Linked ${i}`);
    }
  });

  it('reports bad rows by index and field, and writes only the good ones', async () => {
    const rows = [
      { kind: 'person', name: '好人甲', phones: [{ value: '13700000001' }] },
      { kind: 'person', name: '   ', phones: [{ value: '12345' }] },
      { kind: 'company', name: '坏阶段公司', stage: 'hot' },
      { kind: 'person', name: '无主', ownerId: 999_999 },
      { kind: 'person', name: '自定义', custom: { vat: 'x' } },
      { kind: 'person', name: '多余', colour: 'red' },
      { kind: 'person', name: '好人乙', emails: [{ value: 'not-an-email' }] },
    ] as unknown as CustomerCreateInput[];
    const result = await bulkInsertCustomers(ctx, rows);
    expect(result).toMatchObject({ processed: 7, inserted: 1, invalid: 6 });
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'name'],
      [1, 'phones[0].value'],
      [2, 'stage'],
      [3, 'ownerId'],
      [4, 'custom.vat'],
      [5, 'colour'],
      [6, 'emails[0].value'],
    ]);
    expect(result.errors.find((e) => e.row === 3)?.message).toBe('user 999999 does not exist');
    expect(await names('好人')).toEqual(['好人甲']);
    for (const q of ['坏阶段公司', '无主', '自定义', '多余']) expect(await names(q)).toEqual([]);
  });

  it('writes nothing when the input fails part-way, and search still works after', async () => {
    async function* failing() {
      yield { kind: 'person' as const, name: '半途甲' };
      throw new Error('the file went away');
    }
    await expect(bulkInsertCustomers(ctx, failing(), { chunkSize: 1 })).rejects.toThrow('the file went away');
    expect(await names('半途')).toEqual([]);
    const created = await createCustomer(ctx, { kind: 'person', name: '半途乙' });
    expect(await names('半途乙')).toEqual(['半途乙']);
    expect((await getCustomer(ctx, created.id)).name).toBe('半途乙');
  });

  it('refuses a read-only actor', async () => {
    const readOnly = { ...ctx, actor: { ...ctx.actor, canWrite: false } };
    await expect(bulkInsertCustomers(readOnly, [{ kind: 'person', name: 'X' }])).rejects.toMatchObject({ code: 'forbidden' });
  });
});
