import { Type, type Static } from 'typebox';
import { Id, ListQueryBase, Literals, Nullable } from './record.ts';

export const DUPLICATE_ENTITIES = ['customers', 'contacts'] as const;
export const DUPLICATE_STATUSES = ['open', 'dismissed', 'merged'] as const;
export type DuplicateEntity = (typeof DUPLICATE_ENTITIES)[number];
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

/** The scan's default: pairs scoring lower are not stored. */
export const DEFAULT_MIN_SCORE = 0.7;

const Score = Type.Number({ minimum: 0, maximum: 1, description: 'how likely the two are one, 0..1' });
const Entity = Literals(DUPLICATE_ENTITIES);

/** Enough of a record to tell which one it is in a review list. */
export const DuplicateRecordSummary = Type.Object({
  id: Id,
  kind: Literals(['person', 'company', 'contact'] as const),
  name: Type.String(),
  city: Nullable(Type.String()),
  ownerId: Nullable(Id),
  customerId: Nullable(Id),
  phones: Type.Array(Type.String()),
  emails: Type.Array(Type.String()),
});

const ReasonCodes = Type.Array(
  Type.Object({ code: Type.String(), params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])) }),
  { description: 'the reasons as message codes and parameters, one for each of reasons (e.g. { "code": "duplicate.same_phone", "params": { "phones": "+8613812345678" } }), to say them in the reader\'s language; empty for pairs of scans older than the codes' },
);

export const DuplicatePair = Type.Object({
  id: Id,
  entity: Entity,
  clusterId: Id,
  a: DuplicateRecordSummary,
  b: DuplicateRecordSummary,
  score: Score,
  reasons: Type.Array(Type.String(), { description: 'in English, e.g. "same phone +8613812345678", "name 张伟 ≈ Zhang Wei (pinyin)"' }),
  reasonCodes: ReasonCodes,
  status: Literals(DUPLICATE_STATUSES),
  foundAt: Type.String({ format: 'date-time' }),
});

export const DuplicateListQuery = Type.Object(
  {
    limit: ListQueryBase.limit,
    cursor: ListQueryBase.cursor,
    entity: Type.Optional(Entity),
    status: Type.Optional(Literals(DUPLICATE_STATUSES)),
    minScore: Type.Optional(Score),
  },
  { additionalProperties: false },
);

export const DuplicateScanQuery = Type.Object(
  { entity: Type.Optional(Entity), minScore: Type.Optional(Score) },
  { additionalProperties: false },
);

export const DuplicateScanResult = Type.Object({
  entity: Entity,
  pairs: Type.Integer({ description: 'open pairs stored' }),
  clusters: Type.Integer({ description: 'groups of records connected by open pairs' }),
  records: Type.Integer({ description: 'records compared' }),
  tookMs: Type.Integer(),
});

export const DuplicateCandidate = Type.Object({
  customer: DuplicateRecordSummary,
  score: Score,
  reasons: Type.Array(Type.String()),
  reasonCodes: ReasonCodes,
});

export const DuplicateCandidates = Type.Object({ items: Type.Array(DuplicateCandidate) });

export type DuplicateRecordSummaryShape = Static<typeof DuplicateRecordSummary>;
export type DuplicatePairShape = Static<typeof DuplicatePair>;
export type DuplicateListInput = Static<typeof DuplicateListQuery>;
export type DuplicateScanShape = Static<typeof DuplicateScanResult>;
export type DuplicateCandidateShape = Static<typeof DuplicateCandidate>;
