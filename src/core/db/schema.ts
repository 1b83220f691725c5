import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps are ISO 8601 UTC strings in and out, on both databases. */
type Timestamp = string;
/** 0/1 on SQLite, boolean on PostgreSQL; read with Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;
/** Text on SQLite, jsonb on PostgreSQL; written as a JSON string, read with dialect.parseJson. */
type Json = ColumnType<unknown, string, string>;

interface Standard {
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: number | null;
  updated_by: number | null;
  deleted_at: Timestamp | null;
}

export interface TeamTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  manager_id: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'sales' | 'viewer';
  team_id: number | null;
  password_hash: string | null;
  disabled: Bool;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: number | null;
  /** AES-256-GCM ciphertext of the base32 TOTP secret (pending until totp_enabled) */
  totp_secret_enc: string | null;
  totp_enabled: ColumnType<boolean | number, boolean | undefined, boolean>;
  /** the last TOTP time step accepted, so a code is never accepted twice */
  totp_last_step: number | null;
}

export interface UserRecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 (hex) of the normalised recovery code */
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface CustomerShareTable {
  id: Generated<number>;
  customer_id: number;
  /** exactly one of user_id and team_id is set */
  user_id: number | null;
  team_id: number | null;
  access: 'read' | 'write';
  created_at: Timestamp;
  created_by: number | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  scope: 'read' | 'write';
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface CustomerTable extends Standard {
  id: Generated<number>;
  kind: 'company' | 'person';
  name: string;
  name_pinyin: string;
  name_initials: string;
  stage: 'lead' | 'prospect' | 'customer' | 'churned' | 'lost';
  level: 'A' | 'B' | 'C' | null;
  source: string | null;
  industry: string | null;
  owner_id: number | null;
  country: string | null;
  province: string | null;
  city: string | null;
  address: string | null;
  website: string | null;
  notes: string | null;
  custom: Json;
  search_text: string;
  /** CJK characters and pairs of them from search_text, space-separated (buildSearchGrams) */
  search_grams: string;
  /** AES-256-GCM ciphertext (see src/core/crypto), never plaintext */
  id_number_enc: string | null;
  /** keyed HMAC of the normalised ID number, for exact lookup */
  id_number_bidx: string | null;
  bank_account_enc: string | null;
  /** the id the record has in another system (CRM export, import file); unique among live customers */
  external_id: string | null;
  /** YYYY-MM-DD, or --MM-DD when the year is unknown */
  birthday: string | null;
  postcode: string | null;
  /** district or county, between city and street address */
  district: string | null;
}

export interface ContactTable extends Standard {
  id: Generated<number>;
  customer_id: number | null;
  name: string;
  name_pinyin: string;
  name_initials: string;
  title: string | null;
  gender: 'male' | 'female' | 'other' | null;
  /** YYYY-MM-DD, or --MM-DD when the year is unknown */
  birthday: string | null;
  notes: string | null;
  custom: Json;
  search_text: string;
  /** CJK characters and pairs of them from search_text, space-separated (buildSearchGrams) */
  search_grams: string;
  /** the id the contact has in another system; unique among live contacts */
  external_id: string | null;
  family_name: string | null;
  given_name: string | null;
  nickname: string | null;
  /** the company's name kept on the contact when it is linked to no customer */
  organization: string | null;
  department: string | null;
  role: string | null;
  website: string | null;
  address: string | null;
  city: string | null;
  province: string | null;
  postcode: string | null;
  country: string | null;
}

export interface ContactPointTable {
  id: Generated<number>;
  customer_id: number | null;
  contact_id: number | null;
  kind: 'phone' | 'email';
  value: string;
  raw: string;
  label: string | null;
  is_primary: Bool;
  position: number;
  created_at: Timestamp;
}

export interface PipelineStageTable extends Standard {
  id: Generated<number>;
  name: string;
  position: number;
  probability: number;
}

export interface DealTable extends Standard {
  id: Generated<number>;
  customer_id: number;
  contact_id: number | null;
  title: string;
  stage_id: number;
  amount: number;
  currency: string;
  expected_close: string | null;
  status: 'open' | 'won' | 'lost';
  closed_at: Timestamp | null;
  owner_id: number | null;
  notes: string | null;
  custom: Json;
}

export interface OrderTable extends Standard {
  id: Generated<number>;
  customer_id: number;
  deal_id: number | null;
  order_no: string | null;
  ordered_at: Timestamp;
  status: 'pending' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';
  currency: string;
  total: number;
  notes: string | null;
  custom: Json;
}

export interface OrderItemTable {
  id: Generated<number>;
  order_id: number;
  position: number;
  product: string;
  sku: string | null;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface InteractionTable extends Standard {
  id: Generated<number>;
  customer_id: number;
  contact_id: number | null;
  deal_id: number | null;
  type: 'call' | 'email' | 'meeting' | 'visit' | 'wechat' | 'note' | 'support';
  direction: 'inbound' | 'outbound' | null;
  occurred_at: Timestamp;
  subject: string | null;
  body: string | null;
  duration_seconds: number | null;
}

export interface TaskTable extends Standard {
  id: Generated<number>;
  title: string;
  notes: string | null;
  due_at: Timestamp | null;
  priority: 'low' | 'normal' | 'high';
  assignee_id: number | null;
  done: Bool;
  done_at: Timestamp | null;
  customer_id: number | null;
  contact_id: number | null;
  deal_id: number | null;
}

export interface TagTable extends Standard {
  id: Generated<number>;
  name: string;
  color: string | null;
}

export interface CustomerTagTable {
  customer_id: number;
  tag_id: number;
  created_at: Timestamp;
}

export interface ContactTagTable {
  contact_id: number;
  tag_id: number;
  created_at: Timestamp;
}

export interface CustomFieldDefTable extends Standard {
  id: Generated<number>;
  entity: 'customer' | 'contact' | 'deal' | 'order';
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean';
  options: ColumnType<unknown, string | null, string | null>;
  required: Bool;
  is_unique: Bool;
  position: number;
  sensitive: ColumnType<boolean | number, boolean | undefined, boolean>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  changes: Json;
  prev_hash: string;
  hash: string;
  /** 'console' for the command line; null for a signed-in user or the server */
  origin: string | null;
}

/** The records one audit entry of a bulk write covers (see docs/schema.md). */
export interface AuditSubjectTable {
  audit_id: number;
  entity: string;
  entity_id: number;
  /** the import's file row, or the input's position in a bulk write */
  row: number | null;
}

export interface SessionTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface PasswordResetTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  created_by: number | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  at: Timestamp;
  email: string;
  ip: string;
  succeeded: Bool;
  /** the account had signed in from this address before (within 30 days) */
  familiar: ColumnType<boolean | number, boolean | undefined, boolean>;
}

export type ImportType = 'customers' | 'contacts' | 'orders' | 'interactions';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed' | 'reverted';

export interface ImportJobTable {
  id: Generated<number>;
  type: ImportType;
  file_name: string;
  file_path: string;
  file_size: number;
  status: ImportStatus;
  mapping: Json;
  options: Json;
  /** the last file row (header = 1) whose outcome is committed; a resume starts after it */
  last_row: Generated<number>;
  rows_read: Generated<number>;
  rows_estimate: number | null;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  skipped_count: Generated<number>;
  invalid_count: Generated<number>;
  /** contact people made from a customer file's contact columns */
  contacts_created: Generated<number>;
  /** rows that landed without a bad value they held (onInvalidValue keep-row) */
  dropped_count: Generated<number>;
  rate: number | null;
  error: string | null;
  /** host:pid of the process running the job, so a crashed run can be told from a live one */
  runner: string | null;
  created_by: number | null;
  /** 'console' when started from the command line: a resume acts as the console (or created_by with it) */
  origin: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface ImportJobRecordTable {
  id: Generated<number>;
  job_id: number;
  entity: 'customer' | 'contact' | 'order' | 'interaction';
  entity_id: number;
  action: 'create' | 'update';
  before: ColumnType<unknown, string | null, string | null>;
  row: number;
}

export interface ImportJobErrorTable {
  id: Generated<number>;
  job_id: number;
  row: number;
  column: string | null;
  reason: string;
  cells: Json;
  /** the reason as a message code (src/domain/messages.ts), null for older rows and reasons without one */
  code: string | null;
  params: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface DuplicatePairTable {
  id: Generated<number>;
  entity: 'customers' | 'contacts';
  /** the smaller record id of the pair */
  a_id: number;
  b_id: number;
  /** 0..1000 (per mille); the API shows score / 1000 */
  score: number;
  /** JSON array of human-readable reasons */
  reasons: Json;
  /** smallest record id of the connected group of pairs this pair belongs to */
  cluster_id: number;
  status: 'open' | 'dismissed' | 'merged';
  found_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
}

export interface MergeTable {
  id: Generated<number>;
  entity: 'customers' | 'contacts';
  survivor_id: number;
  merged_id: number;
  /** the duplicate_pairs row this merge decided, if any */
  pair_id: number | null;
  /** JSON: field → 'survivor' | 'merged' */
  decisions: Json;
  /** JSON: the survivor's row and contact points before the merge, and the merged row's deleted_at */
  before_image: Json;
  /** JSON: "table.column" → ids of the child rows moved to the survivor */
  moved: Json;
  /** JSON: tag ids and share ids linked to the survivor by the merge */
  added: Json;
  /** the survivor's version right after the merge; undo refuses if it moved on */
  survivor_version: number;
  created_at: Timestamp;
  created_by: number | null;
  undone_at: Timestamp | null;
  undone_by: number | null;
}

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
  updated_by: number | null;
}

/** An index a bulk load dropped, with the SQL that builds it again when the load ends. */
export interface DeferredIndexTable {
  name: string;
  table_name: string;
  sql: string;
  /** the import that dropped it; others leave it alone while that import runs */
  job_id: number | null;
  created_at: string;
}

/** Per customer and currency: their live orders that were not cancelled or refunded, summarised (kept current on every order write). */
export interface CustomerOrderStatsTable {
  customer_id: number;
  currency: string;
  orders: number;
  total: number;
  first_order_at: Timestamp;
  last_order_at: Timestamp;
  /** distinct calendar days with an order, in the analytics time zone */
  purchase_days: number;
  first_day_total: number;
  /** comma-separated YYYY-MM months with an order, oldest first */
  months: string;
  /** minutes east of UTC the days and months were counted at; rows of another offset than the workspace's are counted again */
  utc_offset: number;
}

/** Customers whose orders changed since their stats were computed (filled by triggers on orders). */
export interface OrderStatsStaleTable {
  customer_id: number;
}

/** One change of a customer's stage (recorded by a trigger on customers.stage). */
export interface CustomerStageChangeTable {
  id: Generated<number>;
  customer_id: number;
  from_stage: CustomerTable['stage'];
  to_stage: CustomerTable['stage'];
  changed_at: Timestamp;
  changed_by: number | null;
}

/** One backup, restore test, restore or prune: what ran, how it ended, and what it wrote. */
export interface BackupRunTable {
  id: Generated<number>;
  kind: 'backup' | 'verify' | 'restore' | 'prune';
  trigger: 'cli' | 'api' | 'schedule' | 'pre-migration' | 'pre-restore';
  /** the schedule's slot this run claimed (unique), e.g. backup:2026-12-05 */
  slot: string | null;
  status: 'running' | 'ok' | 'failed';
  file: string | null;
  bytes: number | null;
  database_bytes: number | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  details: ColumnType<unknown, string | null, string | null>;
  error: string | null;
  /** the error's message code and params (src/domain/messages.ts), so the admin page says it in the reader's language */
  error_code: string | null;
  error_params: ColumnType<unknown, string | null, string | null>;
  created_by: number | null;
}

/** Requests one server answered on one route over about a minute, with a latency histogram. */
export interface RequestStatTable {
  id: Generated<number>;
  at: Timestamp;
  method: string;
  route: string;
  count: number;
  errors: number;
  total_ms: number;
  max_ms: number;
  histogram: Json;
}

/** BG/NBD and Gamma-Gamma parameters fitted on the workspace's orders, per currency and day. */
export interface PurchaseModelTable {
  currency: string;
  /** the day the fit stands on (YYYY-MM-DD) */
  as_of: string;
  utc_offset: number;
  fitted_at: Timestamp;
  customers: number;
  repeat_customers: number;
  bgnbd: ColumnType<unknown, string | null, string | null>;
  gamma_gamma: ColumnType<unknown, string | null, string | null>;
  /** the currency's orders when the fit was made (null on fits made before it was recorded) */
  orders: number | null;
}

/** A saved, named, dynamic filter over customers; members are computed when asked. */
export interface SegmentTable extends Standard {
  id: Generated<number>;
  name: string;
  description: string | null;
  /** the filter tree (src/domain/segment-filter.ts) */
  filter: Json;
}

export interface Schema {
  teams: TeamTable;
  users: UserTable;
  api_tokens: ApiTokenTable;
  customers: CustomerTable;
  customer_shares: CustomerShareTable;
  contacts: ContactTable;
  contact_points: ContactPointTable;
  pipeline_stages: PipelineStageTable;
  deals: DealTable;
  orders: OrderTable;
  order_items: OrderItemTable;
  interactions: InteractionTable;
  tasks: TaskTable;
  tags: TagTable;
  customer_tags: CustomerTagTable;
  contact_tags: ContactTagTable;
  custom_field_defs: CustomFieldDefTable;
  audit_log: AuditLogTable;
  audit_subjects: AuditSubjectTable;
  settings: SettingTable;
  sessions: SessionTable;
  password_resets: PasswordResetTable;
  login_attempts: LoginAttemptTable;
  user_recovery_codes: UserRecoveryCodeTable;
  duplicate_pairs: DuplicatePairTable;
  merges: MergeTable;
  import_jobs: ImportJobTable;
  import_job_records: ImportJobRecordTable;
  import_job_errors: ImportJobErrorTable;
  deferred_indexes: DeferredIndexTable;
  customer_order_stats: CustomerOrderStatsTable;
  order_stats_stale: OrderStatsStaleTable;
  customer_stage_changes: CustomerStageChangeTable;
  backup_runs: BackupRunTable;
  request_stats: RequestStatTable;
  purchase_models: PurchaseModelTable;
  segments: SegmentTable;
}

export type UserRow = Selectable<UserTable>;
export type CustomerRow = Selectable<CustomerTable>;
export type NewCustomerRow = Insertable<CustomerTable>;
export type CustomerPatchRow = Updateable<CustomerTable>;
export type ContactRow = Selectable<ContactTable>;
export type ContactPointRow = Selectable<ContactPointTable>;
