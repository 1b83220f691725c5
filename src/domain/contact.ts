import { Type, type Static } from 'typebox';
import { ContactPoint, ContactPointLists } from './contact-point.ts';
import { Birthday } from './birthday.ts';
import { CustomValues, Id, ListQueryBase, Literals, LongText, Nullable, optionalFields, RecordMeta, ShortText, TagNames, Timestamp } from './record.ts';

export const CONTACT_GENDERS = ['male', 'female', 'other'] as const;

const Gender = Literals(CONTACT_GENDERS);
const Name = Type.String({ minLength: 1, maxLength: 200 });

const editable = {
  customerId: Nullable(Id),
  title: Nullable(ShortText(100)),
  gender: Nullable(Gender),
  birthday: Nullable(Birthday),
  notes: Nullable(LongText),
};

export const ContactCreate = Type.Object(
  {
    name: Name,
    ...optionalFields(editable),
    ...ContactPointLists,
    tags: Type.Optional(TagNames),
    custom: Type.Optional(CustomValues),
  },
  { additionalProperties: false },
);

export const ContactPatch = Type.Object(
  {
    name: Type.Optional(Name),
    ...optionalFields(editable),
    ...ContactPointLists,
    tags: Type.Optional(TagNames),
    custom: Type.Optional(CustomValues),
  },
  { additionalProperties: false },
);

export const Contact = Type.Object({
  ...RecordMeta,
  name: Type.String(),
  pinyin: Type.String({ description: 'derived: full pinyin of a Chinese name, lower-cased name otherwise' }),
  initials: Type.String({ description: 'derived: first letters, e.g. zw for 张伟' }),
  ...editable,
  customerName: Nullable(Type.String({ description: 'the name of the customer the contact belongs to, for display' })),
  phones: Type.Array(ContactPoint),
  emails: Type.Array(ContactPoint),
  tags: Type.Array(Type.String()),
  custom: CustomValues,
});

export const CONTACT_SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'name', '-name'] as const;

const listFilters = {
  ...ListQueryBase,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Type.String({ maxLength: 50 })),
  createdFrom: Type.Optional(Timestamp),
  createdTo: Type.Optional(Timestamp),
  updatedFrom: Type.Optional(Timestamp),
  updatedTo: Type.Optional(Timestamp),
  sort: Type.Optional(Literals(CONTACT_SORTS)),
};

export const ContactListQuery = Type.Object({ ...listFilters, customerId: Type.Optional(Id) }, { additionalProperties: false });

/** The list filters of GET /customers/{id}/contacts, where the customer comes from the path. */
export const CustomerContactsQuery = Type.Object(listFilters, { additionalProperties: false });

export type ContactCreateInput = Static<typeof ContactCreate>;
export type ContactPatchInput = Static<typeof ContactPatch>;
export type ContactShape = Static<typeof Contact>;
export type ContactListFilter = Static<typeof ContactListQuery>;
export type CustomerContactsFilter = Static<typeof CustomerContactsQuery>;
