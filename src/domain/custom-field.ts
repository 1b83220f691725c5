import { Type, type Static } from 'typebox';
import { Id, ListQueryBase, Literals, Nullable, RecordMeta } from './record.ts';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const;
export const CUSTOM_FIELD_ENTITIES = ['customer', 'contact', 'deal', 'order'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

const Entity = Literals(CUSTOM_FIELD_ENTITIES);
const FieldType = Literals(CUSTOM_FIELD_TYPES);
const Options = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200 });

export const CustomFieldCreate = Type.Object(
  {
    entity: Entity,
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'machine name, e.g. vat_number' }),
    label: Type.String({ minLength: 1, maxLength: 100 }),
    type: FieldType,
    options: Type.Optional(Options),
    required: Type.Optional(Type.Boolean()),
    unique: Type.Optional(Type.Boolean()),
    sensitive: Type.Optional(
      Type.Boolean({ description: 'text fields only, fixed at creation: values are encrypted at rest and shown masked to roles that may not reveal them' }),
    ),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

export const CustomFieldPatch = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    options: Type.Optional(Options),
    required: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

export const CustomField = Type.Object({
  ...RecordMeta,
  entity: Entity,
  key: Type.String(),
  label: Type.String(),
  type: FieldType,
  options: Nullable(Options),
  required: Type.Boolean(),
  unique: Type.Boolean(),
  sensitive: Type.Boolean(),
  position: Type.Integer(),
});

export const CustomFieldListQuery = Type.Object({ ...ListQueryBase, entity: Type.Optional(Entity) }, { additionalProperties: false });
export const CustomFieldId = Id;

export type CustomFieldCreateInput = Static<typeof CustomFieldCreate>;
export type CustomFieldPatchInput = Static<typeof CustomFieldPatch>;
export type CustomFieldShape = Static<typeof CustomField>;

export interface CustomFieldRule {
  key: string;
  type: CustomFieldType;
  options: string[] | null;
  required: boolean;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** Why `value` is not acceptable for the field, or null when it is. */
export function customValueProblem(rule: CustomFieldRule, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return rule.required ? 'is required' : null;
  switch (rule.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? null : 'must be text of at most 2000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date':
      return typeof value === 'string' && isDate(value) ? null : 'must be a date as YYYY-MM-DD';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'select':
      return typeof value === 'string' && (rule.options ?? []).includes(value)
        ? null
        : `must be one of: ${(rule.options ?? []).join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && (rule.options ?? []).includes(v))
        ? null
        : `must be a list of: ${(rule.options ?? []).join(', ')}`;
  }
}
