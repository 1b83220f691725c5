import { Type, type Static } from 'typebox';
import { Id, Literals, Timestamp } from './record.ts';

export const QUALITY_CHECKS = [
  'no_phone_or_email',
  'no_owner',
  'no_city',
  'no_industry',
  'invalid_phone',
  'invalid_email',
  'stale',
  'open_duplicates',
] as const;

export type QualityCheckKey = (typeof QUALITY_CHECKS)[number];

export const DEFAULT_STALE_DAYS = 180;

export const DataQualityQuery = Type.Object(
  {
    staleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: DEFAULT_STALE_DAYS, description: 'a customer with no interaction for this many days is stale' })),
    sample: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 10, description: 'how many example records each check lists' })),
  },
  { additionalProperties: false },
);

export const QualitySample = Type.Object({
  id: Id,
  name: Type.String(),
  link: Type.String({ description: 'the API path of the record (or, for a duplicate pair, of its first customer’s duplicates)' }),
});

export const QualityCheck = Type.Object({
  key: Literals(QUALITY_CHECKS),
  label: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  sample: Type.Array(QualitySample),
});

export const DataQualityReport = Type.Object({
  generatedAt: Timestamp,
  staleDays: Type.Integer(),
  customers: Type.Integer({ description: 'customers you may see, outside the recycle bin' }),
  checks: Type.Array(QualityCheck),
});

export type DataQualityFilter = Static<typeof DataQualityQuery>;
export type QualityCheckShape = Static<typeof QualityCheck>;
export type QualitySampleShape = Static<typeof QualitySample>;
export type DataQualityReportShape = Static<typeof DataQualityReport>;
