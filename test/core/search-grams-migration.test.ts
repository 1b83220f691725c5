import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Ctx } from '../../src/core/context.ts';
import { migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { migrations } from '../../src/core/db/migrations/index.ts';
import { search } from '../../src/core/search/search.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const GRAMS_MIGRATION = '2026-12-05T1920-search-grams';

forEachDialect('the search-grams migration', (db) => {
  it('fills the grams of customers and contacts written before it, so 星辰 finds them after the upgrade', async () => {
    const deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    const admin = await createUser(deps, { email: 'grams@example.com', name: 'Admin', role: 'admin' }, null);
    const newer = migrations.length - migrations.findIndex(([name]) => name === GRAMS_MIGRATION);
    for (let i = 0; i < newer; i++) await migrateDown(db());
    const raw = db().db as unknown as Kysely<unknown>;
    const now = new Date(0).toISOString();
    const row = (name: string, searchText: string) => ({ name, name_pinyin: '', name_initials: '', search_text: searchText, custom: '{}', created_at: now, updated_at: now });
    await raw.insertInto('customers' as never).values({ ...row('北京星辰科技有限公司', '北京星辰科技有限公司 | beijingxingchenkejiyouxiangongsi'), kind: 'company', stage: 'lead' } as never).execute();
    await raw.insertInto('contacts' as never).values(row('李娜', '李娜 | lina | 北京星辰科技有限公司') as never).execute();
    await raw.insertInto('customers' as never).values({ ...row('Acme Ltd', 'acme ltd | acmeltd'), kind: 'company', stage: 'lead' } as never).execute();

    expect((await migrate(db())).applied).toHaveLength(newer);
    const grams = await sql<{ name: string; search_grams: string }>`select name, search_grams from customers order by id`.execute(raw);
    expect(grams.rows).toEqual([
      { name: '北京星辰科技有限公司', search_grams: '北 北京 京 京星 星 星辰 辰 辰科 科 科技 技 技有 有 有限 限 限公 公 公司 司' },
      { name: 'Acme Ltd', search_grams: '' },
    ]);
    const ctx: Ctx = { ...deps, actor: { userId: admin.id, role: 'admin', teamId: null, canWrite: true } };
    const hits = await search(ctx, { q: '星辰' });
    expect(hits.items.map((h) => `${h.type}:${h.name}:${h.match}`)).toEqual(['customer:北京星辰科技有限公司:contains', 'contact:李娜:company']);
  });
});
