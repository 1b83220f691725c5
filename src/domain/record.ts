import { Type, type Static, type TOptional, type TSchema } from 'typebox';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601, UTC' });
export const DateOnly = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' });
export const ShortText = (maxLength = 200) => Type.String({ maxLength });
export const LongText = Type.String({ maxLength: 20_000 });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. CNY' });
export const Money = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'integer minor units (fen, cents)' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Fields every stored record carries. */
export const RecordMeta = {
  id: Id,
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  createdBy: Nullable(Id),
  updatedBy: Nullable(Id),
  deletedAt: Nullable(Timestamp),
};

export interface RecordMetaShape {
  id: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: number | null;
  updatedBy: number | null;
  deletedAt: string | null;
}

export const ListQueryBase = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  includeDeleted: Type.Optional(Type.Boolean({ description: 'only for the recycle bin' })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export const CustomValues = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Unknown(), {
  description: 'values of custom fields, by field key',
});

export type CustomValuesShape = Record<string, unknown>;
export type StaticOf<T extends TSchema> = Static<T>;

/** A union of string literals from a constant list, keeping the static type exact. */
export const Literals = <const T extends readonly string[]>(values: T, options?: { description?: string }) =>
  Type.Enum<[...T]>(values, options);

/** Marks every field optional (for PATCH bodies and optional groups). */
export const optionalFields = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> };

export const TagNames = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50, description: 'tag names; new ones are created' });

/** GET /<records>/access?ids=1,2,3: what the caller may do with a page of records (the web asks once per page, not per row). */
export const AccessQuery = (noun: string) =>
  Type.Object(
    { ids: Type.String({ pattern: '^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14}){0,199}$', description: `up to 200 ${noun} ids, comma-separated` }) },
    { additionalProperties: false },
  );
export const AccessList = (noun: string) =>
  Type.Object({
    items: Type.Array(
      Type.Object({ id: Id, access: Literals(['read', 'write'] as const, { description: `write: may edit and delete the ${noun}` }) }),
      { description: `the ${noun}s the caller sees among ids; invisible or unknown ones are left out` },
    ),
  });
export interface AccessListShape {
  items: Array<{ id: number; access: 'read' | 'write' }>;
}
