import { Type, type Static } from 'typebox';
import { Currency, CustomValues, DateOnly, Id, ListQueryBase, Literals, LongText, Money, Nullable, optionalFields, RecordMeta, Timestamp } from './record.ts';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

const Status = Literals(DEAL_STATUSES);
const Title = Type.String({ minLength: 1, maxLength: 200 });

const editable = {
  contactId: Nullable(Id),
  amount: Money,
  currency: Currency,
  expectedClose: Nullable(DateOnly),
  status: Status,
  ownerId: Nullable(Id),
  notes: Nullable(LongText),
};

export const DealCreate = Type.Object(
  { customerId: Id, title: Title, stageId: Id, ...optionalFields(editable), custom: Type.Optional(CustomValues) },
  { additionalProperties: false },
);

export const DealPatch = Type.Object(
  { ...optionalFields({ customerId: Id, title: Title, stageId: Id, ...editable }), custom: Type.Optional(CustomValues) },
  { additionalProperties: false },
);

export const Deal = Type.Object({
  ...RecordMeta,
  customerId: Id,
  title: Type.String(),
  stageId: Id,
  ...editable,
  closedAt: Nullable(Timestamp),
  custom: CustomValues,
});

export const DEAL_SORTS = ['createdAt', '-createdAt', 'amount', '-amount', 'expectedClose'] as const;

const filters = {
  ...ListQueryBase,
  stageId: Type.Optional(Id),
  status: Type.Optional(Status),
  owner: Type.Optional(Id),
  createdFrom: Type.Optional(Timestamp),
  createdTo: Type.Optional(Timestamp),
  sort: Type.Optional(Literals(DEAL_SORTS, { description: 'expectedClose puts deals without a date last' })),
};

export const DealListQuery = Type.Object({ ...filters, customerId: Type.Optional(Id) }, { additionalProperties: false });
/** The deals of one customer: the customer comes from the path. */
export const CustomerDealListQuery = Type.Object(filters, { additionalProperties: false });

export type DealCreateInput = Static<typeof DealCreate>;
export type DealPatchInput = Static<typeof DealPatch>;
export type DealShape = Static<typeof Deal>;
export type DealListFilter = Static<typeof DealListQuery>;

/** When a deal closed: stamped when it becomes won or lost, kept while it stays so, cleared when reopened. */
export function closedAtAfter(
  previous: { status: DealStatus; closedAt: string | null } | null,
  status: DealStatus,
  now: string,
): string | null {
  if (status === 'open') return null;
  if (previous && previous.status === status) return previous.closedAt ?? now;
  return now;
}
