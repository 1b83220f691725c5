import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomerShape } from '../../../../src/domain/customer.ts';
import type { SegmentShape } from '../../../../src/domain/segment.ts';
import { request } from '../../lib/api.ts';
import { SEGMENTS } from '../analytics/analytics-api.ts';
import type { Group } from './segment-fields.ts';

export type { SegmentShape };

export interface SegmentDraft {
  name: string;
  description: string | null;
  filter: Group;
}

export function useSegment(id: number | null) {
  return useQuery({ queryKey: [...SEGMENTS, id], queryFn: () => request<SegmentShape>('GET', `/segments/${id}`), enabled: id !== null });
}

/** How many customers the viewer may see match a filter being built, with a few names; the last answer stays while the next loads. */
export function usePreview(filter: Group | null) {
  return useQuery({
    queryKey: ['segment-preview', filter],
    queryFn: () => request<{ count: number; sample: Array<{ id: number; name: string }> }>('POST', '/segments/preview', { body: { filter, limit: 5 } }),
    enabled: filter !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useMembers(id: number | null, cursor: string | undefined) {
  return useQuery({
    queryKey: [...SEGMENTS, id, 'members', cursor ?? null],
    queryFn: () => request<{ items: CustomerShape[]; nextCursor: string | null; count?: number }>('GET', `/segments/${id}/members`, { query: { limit: 25, cursor, count: cursor === undefined } }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSaveSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, draft }: { id: number | null; version?: number; draft: SegmentDraft }) =>
      id === null ? request<SegmentShape>('POST', '/segments', { body: draft }) : request<SegmentShape>('PATCH', `/segments/${id}`, { body: draft, version }),
    onSuccess: () => void client.invalidateQueries({ queryKey: SEGMENTS }),
  });
}

export function useDeleteSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (segment: SegmentShape) => request<void>('DELETE', `/segments/${segment.id}`, { version: segment.version }),
    onSuccess: () => void client.invalidateQueries({ queryKey: SEGMENTS }),
  });
}
