import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { api, type UserShape } from '../../lib/api.ts';

/** The users the viewer can pick as owners (at least themselves), by id. */
export function useUsers() {
  const me = useUser();
  const query = useQuery({ queryKey: ['users'], queryFn: api.users.list, staleTime: 5 * 60_000 });
  const list: UserShape[] = query.data && query.data.length > 0 ? query.data.filter((u) => !u.disabled) : [me];
  const byId = new Map(list.map((u) => [u.id, u]));
  if (!byId.has(me.id)) byId.set(me.id, me);
  return { users: list, byId };
}

/** "Me", a colleague's name, the public pool, or "#id" for someone the viewer cannot list. */
export function useOwnerName() {
  const { t } = useTranslation();
  const me = useUser();
  const { byId } = useUsers();
  return (ownerId: number | null) => {
    if (ownerId === null) return t('customers.pool');
    if (ownerId === me.id) return `${me.name}`;
    return byId.get(ownerId)?.name ?? `#${ownerId}`;
  };
}

export function useTags() {
  return useQuery({ queryKey: ['tags'], queryFn: api.tags.list, staleTime: 60_000, select: (page) => page.items });
}

export function useStages() {
  return useQuery({ queryKey: ['pipeline-stages'], queryFn: api.pipelineStages.list, staleTime: 5 * 60_000, select: (page) => page.items });
}
