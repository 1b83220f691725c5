import { Type, type Static } from 'typebox';
import { ContactPoint, ContactPointLists } from './contact-point.ts';
import { Birthday } from './birthday.ts';
import { CustomValues, Id, ListQueryBase, Literals, LongText, Nullable, optionalFields, RecordMeta, ShortText, TagNames, Timestamp } from './record.ts';

export const CONTACT_GENDERS = ['male', 'female', 'other'] as const;

const Gender = Literals(CONTACT_GENDERS);
const Name = Type.String({ minLength: 1, maxLength: 200 });

/**
 * What an address book holds about a person beyond name, title and birthday, as plain texts
 * (a vCard's N, NICKNAME, ORG, ROLE, URL and ADR): one declaration for the API, the import,
 * updates and the vCard export. Several departments or websites are joined by "; ".
 */
export const CONTACT_CARD_FIELDS = {
  familyName: Nullable(ShortText(100)),
  givenName: Nullable(ShortText(100)),
  nickname: Nullable(ShortText(100)),
  organization: Nullable(Type.String({ maxLength: 200, description: 'the company, kept as text when the contact is linked to no customer' })),
  department: Nullable(ShortText(200)),
  role: Nullable(ShortText(100)),
  website: Nullable(ShortText(500)),
  address: Nullable(Type.String({ maxLength: 500, description: 'street address' })),
  city: Nullable(ShortText(100)),
  province: Nullable(Type.String({ maxLength: 100, description: 'province or state' })),
  postcode: Nullable(ShortText(20)),
  country: Nullable(ShortText(100)),
};
export type ContactCardField = keyof typeof CONTACT_CARD_FIELDS;
export const CONTACT_CARD_KEYS = Object.keys(CONTACT_CARD_FIELDS) as ContactCardField[];
/** The column of each card field: familyName → family_name. */
export const cardColumn = (field: ContactCardField): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const editable = {
  customerId: Nullable(Id),
  title: Nullable(ShortText(200)),
  gender: Nullable(Gender),
  birthday: Nullable(Birthday),
  notes: Nullable(LongText),
  ...CONTACT_CARD_FIELDS,
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

/** GET /contacts/access?ids=1,2,3: a page of contacts at a time (the web's contacts list asks once per page). */
export const ContactAccessQuery = Type.Object(
  { ids: Type.String({ pattern: '^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14}){0,199}$', description: 'up to 200 contact ids, comma-separated' }) },
  { additionalProperties: false },
);
export const ContactAccessList = Type.Object({
  items: Type.Array(
    Type.Object({ id: Id, access: Literals(['read', 'write'] as const, { description: 'write: may edit and delete the contact' }) }),
    { description: 'the contacts the caller sees among ids; invisible or unknown ones are left out' },
  ),
});
export type ContactAccessListShape = Static<typeof ContactAccessList>;
