import type { Actor, Deps } from '../context.ts';

/** How long a result may serve after a write, for callers that accept it (the profile's standing). */
export const STANDING_MAX_STALE_MS = 5 * 60_000;
/**
 * Rows (customers) the cache may hold over all its entries: one admin's Reports page over a million
 * customers keeps about 4 million (RFM, ABC, CLV, churn), some 700 MB; this holds that and a smaller view.
 */
const MAX_WEIGHT = 6_000_000;

interface Entry {
  version: string;
  at: number;
  weight: number;
  value: Promise<unknown>;
}

interface Store {
  entries: Map<string, Entry>;
  weight: number;
}

// One store per database handle, so two workspaces in one process (tests) never share results.
const stores = new WeakMap<object, Store>();

/** The workspace's last write: every write leaves an audit entry, so the newest entry's id tells. */
export async function lastWrite(deps: Pick<Deps, 'db'>): Promise<string> {
  const row = await deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return String(row?.id ?? 0);
}

/** Whose view a result is: every admin sees the same customers; anyone else their own. */
export function viewerKey(actor: Actor): unknown[] {
  if (actor.role === 'admin') return ['admin'];
  return [actor.role, actor.userId, actor.teamId, [...(actor.teamIds ?? [])].sort((a, b) => a - b)];
}

const forgetters: Array<() => void> = [];
/** Another cache of analyses (kept elsewhere) that a restore must empty as well. */
export const onForgetAnalyses = (forget: () => void) => void forgetters.push(forget);

/** Forgets every kept result of this database (after a restore replaced its data). */
export function forgetCachedAnalyses(deps: Pick<Deps, 'db'>): void {
  stores.delete(deps.db);
  for (const forget of forgetters) forget();
}

function storeOf(deps: Pick<Deps, 'db'>): Store {
  let store = stores.get(deps.db);
  if (!store) stores.set(deps.db, (store = { entries: new Map(), weight: 0 }));
  return store;
}

function evict(store: Store): void {
  for (const [key, entry] of store.entries) {
    if (store.weight <= MAX_WEIGHT || store.entries.size <= 1) return;
    store.entries.delete(key);
    store.weight -= entry.weight;
  }
}

/**
 * A computed analysis, kept while nothing is written (or, with `maxStaleMs`, for that long after
 * a write) and shared by concurrent callers, so the dashboard's requests compute each list once.
 * `weight` says how many rows the value holds; the oldest entries go past MAX_WEIGHT.
 */
export async function remember<T>(
  deps: Pick<Deps, 'db'>,
  key: unknown[],
  compute: () => Promise<T>,
  options: { weight: (value: T) => number; maxStaleMs?: number },
): Promise<T> {
  if (deps.db.isTransaction) return compute();
  const store = storeOf(deps);
  const id = JSON.stringify(key);
  const version = await lastWrite(deps);
  const hit = store.entries.get(id);
  if (hit && (hit.version === version || Date.now() - hit.at < (options.maxStaleMs ?? 0))) {
    store.entries.delete(id);
    store.entries.set(id, hit);
    return hit.value as Promise<T>;
  }
  if (hit) {
    store.entries.delete(id);
    store.weight -= hit.weight;
  }
  const entry: Entry = { version, at: Date.now(), weight: 0, value: compute() };
  store.entries.set(id, entry);
  try {
    const value = (await entry.value) as T;
    if (store.entries.get(id) === entry) {
      entry.weight = options.weight(value);
      store.weight += entry.weight;
      evict(store);
    }
    return value;
  } catch (error) {
    if (store.entries.get(id) === entry) store.entries.delete(id);
    throw error;
  }
}
