import { sql, type Kysely } from 'kysely';

// Frozen once released. The per-customer order figures (distinct purchase days, the first day's
// total, the months with an order) depend on where the workspace's days begin; each row now says
// at which offset it was counted, so that rows of an earlier offset are counted again when an
// admin sets the workspace's time zone. Existing rows were counted at the offset in force now.

type Db = Kysely<unknown>;

const DEFAULT_OFFSET = 480;

async function offsetInForce(db: Db): Promise<number> {
  const { rows } = await sql<{ value: unknown }>`select value from settings where key = 'analytics'`.execute(db);
  const raw = rows[0]?.value;
  try {
    const value = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { utcOffset?: unknown } | null;
    const offset = value?.utcOffset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= -720 && offset <= 840 ? offset : DEFAULT_OFFSET;
  } catch {
    return DEFAULT_OFFSET;
  }
}

export async function up(db: Db): Promise<void> {
  const offset = await offsetInForce(db);
  await db.schema.alterTable('customer_order_stats').addColumn('utc_offset', 'integer', (c) => c.notNull().defaultTo(offset)).execute();
  await db.schema.createIndex('customer_order_stats_offset_idx').on('customer_order_stats').column('utc_offset').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('customer_order_stats_offset_idx').execute();
  await db.schema.alterTable('customer_order_stats').dropColumn('utc_offset').execute();
}
