import { Type, type Static } from 'typebox';
import { Birthday } from './birthday.ts';
import { ContactPoint, ContactPointLists } from './contact-point.ts';
import { CustomValues, Id, ListQueryBase, Literals, LongText, Nullable, optionalFields, RecordMeta, ShortText, TagNames, Timestamp } from './record.ts';

export const CUSTOMER_KINDS = ['company', 'person'] as const;
export const CUSTOMER_STAGES = ['lead', 'prospect', 'customer', 'churned', 'lost'] as const;
export const CUSTOMER_LEVELS = ['A', 'B', 'C'] as const;

const Kind = Literals(CUSTOMER_KINDS);
const Stage = Literals(CUSTOMER_STAGES);
const Level = Literals(CUSTOMER_LEVELS);

const editable = {
  stage: Stage,
  level: Nullable(Level),
  source: Nullable(ShortText(100)),
  industry: Nullable(ShortText(100)),
  ownerId: Nullable(Id),
  country: Nullable(ShortText(100)),
  province: Nullable(Type.String({ maxLength: 100, description: 'province or state' })),
  city: Nullable(ShortText(100)),
  district: Nullable(Type.String({ maxLength: 100, description: 'district or county (区/县)' })),
  address: Nullable(Type.String({ maxLength: 500, description: 'street address: road, number, building (below the district)' })),
  postcode: Nullable(ShortText(20)),
  website: Nullable(ShortText(500)),
  birthday: Nullable(Birthday),
  notes: Nullable(LongText),
};

/** The plain text and value fields of a customer (no name, kind, lists or sensitive fields), in API order: what updates, merges, reverts and exports copy one by one. */
export const CUSTOMER_SCALAR_FIELDS = ['stage', 'level', 'source', 'industry', 'ownerId', 'country', 'province', 'city', 'district', 'address', 'postcode', 'website', 'birthday', 'notes'] as const;
export type CustomerScalarField = (typeof CUSTOMER_SCALAR_FIELDS)[number];

/** Encrypted at rest; answered masked unless revealed (src/domain/sensitive.ts). */
const sensitive = {
  idNumber: Nullable(ShortText(60)),
  bankAccount: Nullable(ShortText(60)),
};


export const CustomerCreate = Type.Object(
  {
    kind: Kind,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    ...optionalFields(editable),
    ...optionalFields(sensitive),
    ...ContactPointLists,
    tags: Type.Optional(TagNames),
    custom: Type.Optional(CustomValues),
  },
  { additionalProperties: false },
);

export const CustomerPatch = Type.Object(
  {
    kind: Type.Optional(Kind),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ...optionalFields(editable),
    ...optionalFields(sensitive),
    ...ContactPointLists,
    tags: Type.Optional(TagNames),
    custom: Type.Optional(CustomValues),
  },
  { additionalProperties: false },
);

export const Customer = Type.Object({
  ...RecordMeta,
  kind: Kind,
  name: Type.String(),
  pinyin: Type.String({ description: 'derived: full pinyin of a Chinese name, lower-cased name otherwise' }),
  initials: Type.String({ description: 'derived: first letters, e.g. zw for 张伟' }),
  ...editable,
  idNumber: Nullable(Type.String({ description: 'masked, e.g. 1101**********1234; GET /customers/{id}/sensitive reveals it' })),
  bankAccount: Nullable(Type.String({ description: 'masked like idNumber' })),
  phones: Type.Array(ContactPoint),
  emails: Type.Array(ContactPoint),
  tags: Type.Array(Type.String()),
  custom: CustomValues,
});

const LastContact = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description: `ISO 8601; ${description}` });

export const CUSTOMER_SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'name', '-name'] as const;

export const CustomerListQuery = Type.Object(
  {
    ...ListQueryBase,
    q: Type.Optional(Type.String({ maxLength: 200 })),
    owner: Type.Optional(Id),
    stage: Type.Optional(Stage),
    level: Type.Optional(Level),
    kind: Type.Optional(Kind),
    tag: Type.Optional(Type.String({ maxLength: 50 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    idNumber: Type.Optional(Type.String({ maxLength: 60, description: 'exact match through the blind index' })),
    createdFrom: Type.Optional(Timestamp),
    createdTo: Type.Optional(Timestamp),
    updatedFrom: Type.Optional(Timestamp),
    updatedTo: Type.Optional(Timestamp),
    lastContactFrom: Type.Optional(LastContact('customers last contacted at or after this time. The last contact is the latest live interaction (occurredAt); never-contacted customers do not match')),
    lastContactTo: Type.Optional(LastContact('customers last contacted before this time, with no interaction at or after it; never-contacted customers do not match')),
    segmentId: Type.Optional(Type.Integer({ minimum: 1, description: 'only the members of this segment' })),
    sort: Type.Optional(Literals(CUSTOMER_SORTS)),
  },
  { additionalProperties: false },
);

export type CustomerCreateInput = Static<typeof CustomerCreate>;
export type CustomerPatchInput = Static<typeof CustomerPatch>;
export type CustomerShape = Static<typeof Customer>;
export const CustomerSensitive = Type.Object({
  id: Id,
  ...sensitive,
  custom: Type.Record(Type.String(), Type.String(), { description: 'the values of sensitive custom fields, in clear' }),
});

export type CustomerSensitiveShape = Static<typeof CustomerSensitive>;
export type CustomerListFilter = Static<typeof CustomerListQuery>;
