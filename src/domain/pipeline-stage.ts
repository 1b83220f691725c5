import { Type, type Static } from 'typebox';
import { optionalFields, RecordMeta } from './record.ts';

const fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  probability: Type.Integer({ minimum: 0, maximum: 100, description: 'chance of winning a deal in this stage, in percent' }),
  position: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'place on the board, lowest first' }),
};

export const PipelineStageCreate = Type.Object(
  {
    name: fields.name,
    probability: fields.probability,
    position: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'place on the board, lowest first; default: after the last stage' }),
    ),
  },
  { additionalProperties: false },
);

export const PipelineStagePatch = Type.Object(optionalFields(fields), { additionalProperties: false });

export const PipelineStage = Type.Object({ ...RecordMeta, ...fields });

export const PipelineStageListQuery = Type.Object(
  { includeDeleted: Type.Optional(Type.Boolean({ description: 'only for the recycle bin' })) },
  { additionalProperties: false },
);

export type PipelineStageCreateInput = Static<typeof PipelineStageCreate>;
export type PipelineStagePatchInput = Static<typeof PipelineStagePatch>;
export type PipelineStageShape = Static<typeof PipelineStage>;

/** The pipeline a new workspace starts with; names are bilingual so both languages read them. */
export const DEFAULT_PIPELINE: ReadonlyArray<{ name: string; probability: number }> = [
  { name: 'Lead 线索', probability: 10 },
  { name: 'Qualified 需求确认', probability: 25 },
  { name: 'Proposal 方案报价', probability: 50 },
  { name: 'Negotiation 谈判', probability: 75 },
  { name: 'Won 赢单', probability: 100 },
  { name: 'Lost 输单', probability: 0 },
];
