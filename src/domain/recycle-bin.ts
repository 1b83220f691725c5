import { Type, type Static } from 'typebox';
import { Id, ListQueryBase, Literals, Nullable, Timestamp } from './record.ts';

export const RECYCLE_BIN_TYPES = ['customers', 'contacts', 'deals', 'orders', 'interactions', 'tasks', 'tags'] as const;
export type RecycleBinType = (typeof RECYCLE_BIN_TYPES)[number];

const BinType = Literals(RECYCLE_BIN_TYPES, { description: 'the resource, as in its URL; restore with POST /api/v1/{type}/{id}/restore' });

export const RecycleBinQuery = Type.Object(
  { type: Type.Optional(BinType), limit: ListQueryBase.limit, cursor: ListQueryBase.cursor },
  { additionalProperties: false },
);

export const RecycleBinItem = Type.Object({
  type: BinType,
  id: Id,
  label: Type.String({ description: 'what to call it: a name, title or subject' }),
  deletedAt: Timestamp,
  deletedBy: Nullable(Id),
});

export type RecycleBinFilter = Static<typeof RecycleBinQuery>;
export type RecycleBinItemShape = Static<typeof RecycleBinItem>;
