import { Type, type Static } from 'typebox';
import { Id, ListQueryBase, Literals, LongText, Nullable, optionalFields, RecordMeta, ShortText, Timestamp } from './record.ts';

export const INTERACTION_TYPES = ['call', 'email', 'meeting', 'visit', 'wechat', 'note', 'support'] as const;
export const INTERACTION_DIRECTIONS = ['inbound', 'outbound'] as const;
export const INTERACTION_SORTS = ['-occurredAt', 'occurredAt', '-createdAt', 'createdAt'] as const;

const InteractionType = Literals(INTERACTION_TYPES);
const Direction = Literals(INTERACTION_DIRECTIONS);
const Duration = Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'seconds' });

const editable = {
  contactId: Nullable(Id),
  dealId: Nullable(Id),
  direction: Nullable(Direction),
  occurredAt: Timestamp,
  subject: Nullable(ShortText(200)),
  body: Nullable(LongText),
  durationSeconds: Nullable(Duration),
};

export const InteractionCreate = Type.Object(
  { customerId: Id, type: InteractionType, ...optionalFields(editable) },
  { additionalProperties: false },
);

export const InteractionPatch = Type.Object(
  { customerId: Type.Optional(Id), type: Type.Optional(InteractionType), ...optionalFields(editable) },
  { additionalProperties: false },
);

export const Interaction = Type.Object({
  ...RecordMeta,
  customerId: Id,
  type: InteractionType,
  ...editable,
});

export const InteractionListQuery = Type.Object(
  {
    ...ListQueryBase,
    customerId: Type.Optional(Id),
    contactId: Type.Optional(Id),
    dealId: Type.Optional(Id),
    type: Type.Optional(InteractionType),
    occurredFrom: Type.Optional(Timestamp),
    occurredTo: Type.Optional(Timestamp),
    sort: Type.Optional(Literals(INTERACTION_SORTS)),
  },
  { additionalProperties: false },
);

/** The timeline of one customer: newest first. */
export const CustomerInteractionsQuery = Type.Object(
  { limit: ListQueryBase.limit, cursor: ListQueryBase.cursor, type: Type.Optional(InteractionType) },
  { additionalProperties: false },
);

export type InteractionCreateInput = Static<typeof InteractionCreate>;
export type InteractionPatchInput = Static<typeof InteractionPatch>;
export type InteractionShape = Static<typeof Interaction>;
export type InteractionListFilter = Static<typeof InteractionListQuery>;
