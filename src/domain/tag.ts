import { Type, type Static } from 'typebox';
import { ListQueryBase, Nullable, RecordMeta } from './record.ts';

const Name = Type.String({ minLength: 1, maxLength: 50 });
const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'a CSS colour as #rrggbb' });

export const TagCreate = Type.Object({ name: Name, color: Type.Optional(Nullable(Color)) }, { additionalProperties: false });

export const TagPatch = Type.Object(
  { name: Type.Optional(Name), color: Type.Optional(Nullable(Color)) },
  { additionalProperties: false },
);

export const Tag = Type.Object({
  ...RecordMeta,
  name: Type.String(),
  color: Nullable(Type.String({ description: '#rrggbb, lower case' })),
});

export const TagListQuery = Type.Object({ ...ListQueryBase }, { additionalProperties: false });

export type TagCreateInput = Static<typeof TagCreate>;
export type TagPatchInput = Static<typeof TagPatch>;
export type TagShape = Static<typeof Tag>;
export type TagListFilter = Static<typeof TagListQuery>;
