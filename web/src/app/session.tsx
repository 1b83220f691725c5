import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, isApiError, setCsrfToken, type UserShape } from '../lib/api.ts';

type SignedIn = Awaited<ReturnType<typeof api.auth.me>>;

export const ME = ['me'] as const;

/** Who is signed in: null when nobody is (401), undefined while loading. */
export function useMeQuery(enabled: boolean) {
  return useQuery({
    queryKey: ME,
    enabled,
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<SignedIn | null> => {
      try {
        const me = await api.auth.me();
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
  });
}

/** Stores a fresh sign-in (from sign-in or set-up) so the app shows the workspace. */
export function useSignedIn() {
  const client = useQueryClient();
  return (signedIn: SignedIn) => {
    setCsrfToken(signedIn.csrfToken);
    // Nothing cached for whoever was signed in before may show to this user.
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'setup' && query.queryKey[0] !== ME[0] });
    client.setQueryData(ME, signedIn);
  };
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    try {
      await api.auth.logout();
    } finally {
      setCsrfToken(null);
      // Keep the observed "me" query (so the app notices) and drop everything else.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'setup' && query.queryKey[0] !== ME[0] });
      client.setQueryData(ME, null);
    }
  };
}

export const UserContext = createContext<UserShape | null>(null);

/** The signed-in user; only inside the workspace. */
export function useUser(): UserShape {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser outside the signed-in workspace');
  return user;
}

export const canWrite = (user: UserShape) => user.role !== 'viewer';
