import type { DealCreateInput, DealListFilter, DealPatchInput } from '../../../../src/domain/deal.ts';
import type { AccessListShape, PageOf } from '../../../../src/domain/record.ts';
import { request, type DealShape } from '../../lib/api.ts';

export type { DealShape };
export type DealFilter = Omit<DealListFilter, 'cursor' | 'limit' | 'includeDeleted'>;

export const dealsApi = {
  list: (filter: DealFilter & { cursor?: string | undefined; limit?: number }) => request<PageOf<DealShape>>('GET', '/deals', { query: filter }),
  create: (input: DealCreateInput) => request<DealShape>('POST', '/deals', { body: input }),
  update: (id: number, patch: DealPatchInput, version: number) => request<DealShape>('PATCH', `/deals/${id}`, { body: patch, version }),
  remove: (id: number, version: number) => request<void>('DELETE', `/deals/${id}`, { version }),
  restore: (id: number) => request<DealShape>('POST', `/deals/${id}/restore`, { body: {} }),
  /** which of a page of deals the viewer may change */
  access: (ids: number[]) => request<AccessListShape>('GET', '/deals/access', { query: { ids: ids.join(',') } }),
};

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const satisfies ReadonlyArray<DealShape['status']>;
