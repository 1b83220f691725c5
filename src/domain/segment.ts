import { Type, type Static } from 'typebox';
import { Customer } from './customer.ts';
import { ListQueryBase, Nullable, RecordMeta } from './record.ts';
import { MAX_CONDITIONS, MAX_DEPTH, SEGMENT_FIELDS } from './segment-filter.ts';

const FILTER_HELP =
  `A group { "op": "and" | "or", "conditions": [...] } of conditions { "field", "operator", "value" } and nested groups ` +
  `(at most ${MAX_DEPTH} deep, ${MAX_CONDITIONS} conditions). Fields: ${Object.keys(SEGMENT_FIELDS).join(', ')} and custom.<key>. ` +
  'Text: eq, neq, contains, notContains, startsWith, in, notIn, isEmpty, isNotEmpty. Choices: eq, neq, in, notIn. ' +
  'Dates (YYYY-MM-DD): before, after, between, withinLastDays, notWithinLastDays. Numbers: eq, neq, gt, gte, lt, lte, between. ' +
  'Tags: hasAny, hasAll, hasNone. owner takes user ids or "me"; team takes team ids (and the teams below). ' +
  'orderCount, orderTotal and lastOrderAt read orders (not cancelled or refunded), optionally in a "period" ({ "lastDays": 365 } or { "from", "to" }); ' +
  'orderTotal needs a "currency". rfmGroup, abcClass, churnRisk and clv are computed over the customers you may see.';

export const SegmentFilter = Type.Unknown({
  description: FILTER_HELP,
  examples: [{ op: 'and', conditions: [{ field: 'rfmGroup', operator: 'eq', value: 'champions' }, { field: 'region', operator: 'eq', value: '上海' }] }],
});

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Description = Nullable(Type.String({ maxLength: 2_000 }));

export const SegmentCreate = Type.Object(
  { name: Name, description: Type.Optional(Description), filter: SegmentFilter },
  { additionalProperties: false },
);

export const SegmentPatch = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Description), filter: Type.Optional(SegmentFilter) },
  { additionalProperties: false, minProperties: 1 },
);

export const Segment = Type.Object({ ...RecordMeta, name: Type.String(), description: Description, filter: SegmentFilter });

export const SegmentListQuery = Type.Object({ limit: ListQueryBase.limit, cursor: ListQueryBase.cursor }, { additionalProperties: false });

export const SegmentMembersQuery = Type.Object(
  {
    limit: ListQueryBase.limit,
    cursor: ListQueryBase.cursor,
    count: Type.Optional(Type.Boolean({ description: 'also count every member (a full pass over the customers you may see)' })),
  },
  { additionalProperties: false },
);

export const SegmentMembersPage = Type.Object({
  items: Type.Array(Customer),
  nextCursor: Nullable(Type.String()),
  count: Type.Optional(Type.Integer({ minimum: 0, description: 'members you may see, when asked with count=true' })),
});

export const SegmentPreview = Type.Object(
  { filter: SegmentFilter, limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, default: 10 })) },
  { additionalProperties: false },
);

export const SegmentPreviewResult = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  sample: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

export type SegmentCreateInput = Static<typeof SegmentCreate>;
export type SegmentPatchInput = Static<typeof SegmentPatch>;
export type SegmentShape = Static<typeof Segment>;
export type SegmentListFilter = Static<typeof SegmentListQuery>;
export type SegmentMembersFilter = Static<typeof SegmentMembersQuery>;
export type SegmentPreviewInput = Static<typeof SegmentPreview>;
export type SegmentPreviewShape = Static<typeof SegmentPreviewResult>;
