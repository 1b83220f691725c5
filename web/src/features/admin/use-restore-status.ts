import { useQuery } from '@tanstack/react-query';
import type { RestoreStatus } from '../../../../src/domain/backup.ts';

export const RESTORE_STATUS = ['restore-status'] as const;

// /healthz answers during a restore even where the API's reads wait (PostgreSQL replacing its tables).
async function restoreStatus(): Promise<RestoreStatus | null> {
  const response = await fetch('/healthz', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) return null;
  return ((await response.json()) as { restore?: RestoreStatus | null }).restore ?? null;
}

/** The restore under way on the server, if any: followed every second while one runs (or was just started), else every 15 s. */
export function useRestoreStatus(watching: boolean) {
  return useQuery({
    queryKey: RESTORE_STATUS,
    queryFn: restoreStatus,
    refetchInterval: (query) => (watching || query.state.data ? 1000 : 15_000),
  });
}
