import { Type, type Static } from 'typebox';
import { Id, Literals, Nullable, Timestamp, ListQueryBase } from './record.ts';

export const MERGE_ENTITIES = ['customers', 'contacts'] as const;
export type MergeEntity = (typeof MERGE_ENTITIES)[number];

export const MERGE_SIDES = ['survivor', 'merged'] as const;
export type MergeSide = (typeof MERGE_SIDES)[number];

/** Fields whose value one of the two records gives; phones, emails and tags are always unioned. */
export const CUSTOMER_MERGE_FIELDS = [
  'kind',
  'name',
  'stage',
  'level',
  'source',
  'industry',
  'ownerId',
  'country',
  'province',
  'city',
  'district',
  'address',
  'postcode',
  'website',
  'birthday',
  'notes',
  'idNumber',
  'bankAccount',
  'externalId',
] as const;
export const CONTACT_MERGE_FIELDS = [
  'name', 'customerId', 'title', 'gender', 'birthday', 'notes', 'externalId',
  'familyName', 'givenName', 'nickname', 'organization', 'department', 'role', 'website', 'address',
] as const;

const Entity = Literals(MERGE_ENTITIES);
const Side = Literals(MERGE_SIDES);

export const FieldChoices = Type.Record(Type.String({ pattern: '^([a-zA-Z]{1,40}|custom\\.[a-z][a-z0-9_]{0,39})$' }), Side, {
  description:
    'which record gives each field: { "name": "merged", "custom.vip": "survivor" }; a field left out keeps the survivor’s value, or the merged one’s where the survivor has none',
});

export const MergeCreate = Type.Object(
  {
    entity: Entity,
    survivorId: Id,
    mergedId: Id,
    fields: Type.Optional(FieldChoices),
    expectedVersions: Type.Optional(
      Type.Object(
        { survivor: Type.Optional(Type.Integer({ minimum: 1 })), merged: Type.Optional(Type.Integer({ minimum: 1 })) },
        { additionalProperties: false, description: 'the versions (ETags) you reviewed; 412 if either record changed since' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Query of POST /merges/{id}/undo: a query, not a body, so a bare POST undoes. */
export const MergeUndoQuery = Type.Object(
  { force: Type.Optional(Type.Boolean({ description: 'undo even though the survivor was changed after the merge (those changes are lost)' })) },
  { additionalProperties: false },
);

export const Merge = Type.Object({
  id: Id,
  entity: Entity,
  survivorId: Id,
  mergedId: Id,
  pairId: Nullable(Id),
  decisions: Type.Record(Type.String(), Side),
  moved: Type.Record(Type.String(), Type.Integer({ description: 'child rows moved, by table.column' })),
  createdAt: Timestamp,
  createdBy: Nullable(Id),
  undoneAt: Nullable(Timestamp),
  undoneBy: Nullable(Id),
});

export const MergeListQuery = Type.Object(
  {
    limit: ListQueryBase.limit,
    cursor: ListQueryBase.cursor,
    entity: Type.Optional(Entity),
    recordId: Type.Optional(Type.Integer({ minimum: 1, description: 'merges whose survivor or merged record is this one' })),
  },
  { additionalProperties: false },
);

export const BulkMerge = Type.Object(
  {
    entity: Entity,
    minScore: Type.Number({ minimum: 0.5, maximum: 1, description: 'merge open pairs scoring at least this (0.5–1)' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'stop after this many records (default: all); call again while `more` is true' })),
  },
  { additionalProperties: false },
);

export const BulkMergeResult = Type.Object({
  clusters: Type.Integer({ description: 'groups of records merged, each into its oldest record' }),
  merged: Type.Integer({ description: 'records merged into another' }),
  skipped: Type.Integer({ description: 'records left alone: not writable for you, or changed meanwhile' }),
  mergeIds: Type.Array(Id),
  more: Type.Boolean({ description: 'true when `limit` stopped the run before every pair was merged' }),
});

export type MergeCreateInput = Static<typeof MergeCreate>;
export type MergeShape = Static<typeof Merge>;
export type MergeListFilter = Static<typeof MergeListQuery>;
export type BulkMergeInput = Static<typeof BulkMerge>;
export type BulkMergeResultShape = Static<typeof BulkMergeResult>;
export type FieldChoicesShape = Static<typeof FieldChoices>;

export const PAIR_STATUSES = ['open', 'dismissed', 'merged'] as const;

/** A suspected-duplicate pair after a decision on it ("not a duplicate", or reopened). */
export const PairDecision = Type.Object({
  id: Id,
  entity: Entity,
  aId: Id,
  bId: Id,
  status: Literals(PAIR_STATUSES),
  decidedAt: Nullable(Timestamp),
  decidedBy: Nullable(Id),
});

export type PairDecisionShape = Static<typeof PairDecision>;
