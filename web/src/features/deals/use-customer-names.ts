import { useQueries } from '@tanstack/react-query';
import { request, type CustomerShape } from '../../lib/api.ts';

/**
 * Names of the customers with these ids (each fetched once and cached), for lists of deals,
 * contacts and tasks that carry only a customer id.
 */
export function useCustomerNames(ids: Array<number | null | undefined>): (id: number | null | undefined) => string | undefined {
  const unique = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['customer-name', id],
      queryFn: async () => (await request<CustomerShape>('GET', `/customers/${id}`)).name,
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map(unique.map((id, i) => [id, results[i]?.data]));
  return (id) => (typeof id === 'number' ? names.get(id) : undefined);
}
