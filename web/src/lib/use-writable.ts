import { useQueries } from '@tanstack/react-query';
import type { AccessListShape } from '../../../src/domain/record.ts';
import { canWrite, useUser } from '../app/session.tsx';

/**
 * The ids among a list's records the viewer may change (edit, delete, move), by the server's rule
 * (GET /<records>/access): one request per page of up to 200, not one per row; none for a
 * read-only user. A record shows no actions until its answer is in.
 */
export function useWritable(records: 'deals' | 'tasks', pages: number[][], fetch: (ids: number[]) => Promise<AccessListShape>): Set<number> {
  const writer = canWrite(useUser());
  return useQueries({
    queries: pages.map((ids) => ({
      queryKey: [records, 'access', ids.join(',')],
      queryFn: () => fetch(ids),
      enabled: writer && ids.length > 0,
      staleTime: 60_000,
    })),
    combine: (results) => new Set(writer ? results.flatMap((r) => (r.data?.items ?? []).filter((i) => i.access === 'write').map((i) => i.id)) : []),
  });
}
