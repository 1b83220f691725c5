import type { QueryClient, QueryKey } from '@tanstack/react-query';

/** The record types whose lists and customer cards offer edit and delete. */
export type ListedEntity = 'contacts' | 'deals' | 'orders' | 'interactions' | 'tasks' | 'tags';

interface Versioned {
  id: number;
  version: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Where records of one type are cached: their own lists and a customer page's card of them. */
const holds = (entity: ListedEntity) => (key: QueryKey) => key[0] === entity || (key[0] === 'customers' && key[2] === entity);

/** The data with the saved record in place of an older copy (by id); the same object when nothing changed. */
function withSaved(data: unknown, saved: Versioned): unknown {
  if (Array.isArray(data)) {
    const next = data.map((item) => withSaved(item, saved));
    return next.some((item, i) => item !== data[i]) ? next : data;
  }
  if (!isObject(data)) return data;
  if (typeof data.version === 'number') return data.id === saved.id && data.version < saved.version ? { ...data, ...saved } : data;
  for (const list of ['items', 'pages'] as const) {
    if (!Array.isArray(data[list])) continue;
    const next = withSaved(data[list], saved);
    return next === data[list] ? data : { ...data, [list]: next };
  }
  return data;
}

/**
 * Puts the record a write answered with into every cached list and card that shows it, before they
 * refetch: a list that still held the old version would send it with the next edit or delete, and
 * the server would refuse that as a stale write (412) although nobody else changed the record.
 */
export function putSaved(client: QueryClient, entity: ListedEntity, saved: Versioned): void {
  client.setQueriesData({ predicate: (query) => holds(entity)(query.queryKey) }, (data: unknown) => withSaved(data, saved));
}

/** The same for one list (an admin table): any answer that is a versioned record replaces its older copy there. */
export function putSavedUnder(client: QueryClient, queryKey: QueryKey, answer: unknown): void {
  if (!isObject(answer) || typeof answer.id !== 'number' || typeof answer.version !== 'number') return;
  const saved = { ...answer, id: answer.id, version: answer.version };
  client.setQueriesData({ queryKey }, (data: unknown) => withSaved(data, saved));
}
