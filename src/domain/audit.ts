import { Type, type Static } from 'typebox';
import { Id, ListQueryBase, Literals, Nullable, Timestamp } from './record.ts';

/** Every action the audit log knows; a new kind of event is added here first. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'merge',
  'unmerge',
  'transfer',
  'claim',
  'release',
  'export',
  'reveal',
  'permission_change',
  'login',
  'login_failed',
  'logout',
  'token_create',
  'token_revoke',
  'backup',
  'backup_verify',
  'backup_restore',
  'backup_prune',
  'maintenance',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Field-level before/after: `{ name: ['old', 'new'] }`; a created record's fields start at null. */
export type FieldChanges = Record<string, [unknown, unknown]>;

export const AUDIT_ORIGINS = ['console'] as const;

export const AuditEntry = Type.Object({
  id: Id,
  at: Timestamp,
  actorId: Type.Union([Id, Type.Null()], { description: 'the user who acted; null for the console acting as nobody in particular, or the server itself' }),
  origin: Type.Union([Literals(AUDIT_ORIGINS), Type.Null()], { description: "'console': run from the command line (kehu …); null: through the API or by the server" }),
  ip: Nullable(Type.String()),
  action: Literals(AUDIT_ACTIONS),
  entity: Type.String(),
  entityId: Nullable(Id),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }), {
    description: 'field → [before, after]',
  }),
});

const pageOnly = { limit: ListQueryBase.limit, cursor: ListQueryBase.cursor };

export const AuditListQuery = Type.Object(
  {
    ...pageOnly,
    entity: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    entityId: Type.Optional(Id),
    actor: Type.Optional(Id),
    action: Type.Optional(Literals(AUDIT_ACTIONS)),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

export const HistoryQuery = Type.Object(pageOnly, { additionalProperties: false });

export type AuditEntryShape = Static<typeof AuditEntry>;
export type AuditListFilter = Static<typeof AuditListQuery>;
export type HistoryFilter = Static<typeof HistoryQuery>;

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);

/**
 * The fields that differ between two versions of a record, as before/after pairs. With no
 * `before` (a new record) every field that holds something is listed as `[null, value]`.
 * `ignore` names bookkeeping fields (version, timestamps, derived values) left out.
 */
export function fieldChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  ignore: readonly string[] = [],
): FieldChanges {
  const changes: FieldChanges = {};
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const field of fields) {
    if (ignore.includes(field)) continue;
    const old = before ? (before[field] ?? null) : null;
    const now = after[field] ?? null;
    if (before === null && isEmpty(now)) continue;
    if (canonicalJson(old) !== canonicalJson(now)) changes[field] = [old, now];
  }
  return changes;
}

// Bookkeeping the entry itself says (who, when), and values derived from other fields
// (pinyin and initials follow the name; customerName follows customerId).
const NOT_AUDITED = ['id', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'deletedAt', 'pinyin', 'initials', 'customerName'];

/** What changed in a record as the API shows it, field by field (phones, emails, tags, custom included). */
export const recordChanges = (before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChanges =>
  fieldChanges(before, after, NOT_AUDITED);
