import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/core/db/schema.ts';

/** The CDNOW sample's purchases (test/fixtures/cdnow), each at noon in Shanghai (the default analytics offset). */
export function cdnowOrders(): Array<{ customer: number; orderedAt: string; cents: number }> {
  const text = readFileSync(new URL('../fixtures/cdnow/CDNOW_sample.txt', import.meta.url), 'utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length === 5)
    .map(([, id, date, , dollars]) => ({
      customer: Number(id),
      orderedAt: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}T04:00:00.000Z`,
      cents: Math.round(Number(dollars) * 100),
    }));
}

/** Loads the CDNOW sample as customers "CDNOW <id>" with USD orders; returns sample id → customer id. */
export async function loadCdnow(db: Kysely<Schema>, now: string, ownerOf: (sampleId: number) => number | null = () => null): Promise<Map<number, number>> {
  const orders = cdnowOrders();
  const ids = new Map<number, number>();
  await db.transaction().execute(async (trx) => {
    for (const id of new Set(orders.map((o) => o.customer))) {
      const name = `CDNOW ${id}`;
      const row = await trx
        .insertInto('customers')
        .values({ kind: 'person', stage: 'customer', name, name_pinyin: name.toLowerCase(), name_initials: 'c', search_text: name.toLowerCase(), search_grams: '', custom: '{}', owner_id: ownerOf(id), created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(id, Number(row.id));
    }
    for (let i = 0; i < orders.length; i += 500) {
      await trx
        .insertInto('orders')
        .values(orders.slice(i, i + 500).map((o) => ({ customer_id: ids.get(o.customer) as number, ordered_at: o.orderedAt, status: 'completed' as const, currency: 'USD', total: o.cents, custom: '{}', created_at: now, updated_at: now })))
        .execute();
    }
  });
  return ids;
}
