/**
 * Where a pipeline stage's deals stand: a 100 % stage is where won deals go, a 0 % stage where
 * lost ones go; the board shows every won (lost) deal in the first such column, whatever stage it
 * was closed in.
 */
export const stageOutcome = (stage: { probability: number }): 'won' | 'lost' | null =>
  stage.probability >= 100 ? 'won' : stage.probability <= 0 ? 'lost' : null;
