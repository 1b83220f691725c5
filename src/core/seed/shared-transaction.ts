import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.ts';

/**
 * `trx` as a database whose `transaction()` runs the work inside `trx` itself. Use cases open
 * their own transaction (Kysely cannot nest them), and the demo seed runs many use cases that
 * must land or fail as one.
 */
export function sharedTransaction(trx: Transaction<Schema>): Kysely<Schema> {
  const joined = { execute: <T>(work: (t: Transaction<Schema>) => Promise<T>) => work(trx) };
  return new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') return () => joined;
      const value: unknown = Reflect.get(target, property, target);
      // Kysely keeps its state in private fields, which only the real instance can read.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
