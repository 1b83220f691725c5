import type { DuplicateListInput, DuplicatePairShape, DuplicateScanShape } from '../../../../src/domain/duplicate.ts';
import type { MergeCreateInput, MergeShape, PairDecisionShape } from '../../../../src/domain/merge.ts';
import type { PageOf } from '../../../../src/domain/record.ts';
import { request, type ContactShape, type CustomerShape } from '../../lib/api.ts';

export type { DuplicatePairShape, MergeShape };
export type Entity = DuplicatePairShape['entity'];
export type MergeRecord = CustomerShape | ContactShape;

export const duplicatesApi = {
  list: (filter: DuplicateListInput) => request<PageOf<DuplicatePairShape>>('GET', '/duplicates', { query: filter }),
  scan: (entity: Entity) => request<DuplicateScanShape>('POST', '/duplicates/scan', { body: { entity } }),
  dismiss: (id: number) => request<PairDecisionShape>('POST', `/duplicates/${id}/dismiss`, { body: {} }),
  reopen: (id: number) => request<PairDecisionShape>('POST', `/duplicates/${id}/reopen`, { body: {} }),
  record: (entity: Entity, id: number) => request<MergeRecord>('GET', `/${entity}/${id}`),
  merge: (input: MergeCreateInput) => request<MergeShape>('POST', '/merges', { body: input }),
  merges: (entity: Entity, cursor?: string) => request<PageOf<MergeShape>>('GET', '/merges', { query: { entity, cursor, limit: 50 } }),
  undo: (id: number, force = false) => request<unknown>('POST', `/merges/${id}/undo`, { body: force ? { force } : {} }),
};
