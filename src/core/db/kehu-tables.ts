/**
 * Every table a kehu migration has ever created (also ones a later migration dropped, which an
 * older archive or backup still holds), and the migration ledger. A PostgreSQL database (or schema)
 * may hold other applications' tables beside kehu's: an archive, a backup, a restore and the health
 * report see only these, so they never copy, count or drop anyone else's. A migration that creates
 * a table adds its name here (test/cli/archive-neighbours.test.ts fails until it does).
 */
export const KEHU_TABLES: ReadonlySet<string> = new Set([
  'kehu_migrations',
  'kehu_migration_lock',
  'api_tokens',
  'audit_log',
  'audit_subjects',
  'backup_runs',
  'contact_points',
  'contact_tags',
  'contacts',
  'custom_field_defs',
  'customer_order_stats',
  'customer_shares',
  'customer_stage_changes',
  'customer_tags',
  'customers',
  'deals',
  'deferred_indexes',
  'duplicate_pairs',
  'import_job_errors',
  'import_job_records',
  'import_jobs',
  'interactions',
  'login_attempts',
  'merges',
  'order_items',
  'order_stats_stale',
  'orders',
  'password_resets',
  'pipeline_stages',
  'purchase_models',
  'request_stats',
  'segments',
  'sessions',
  'settings',
  'tags',
  'tasks',
  'teams',
  'user_recovery_codes',
  'users',
]);

export const isKehuTable = (name: string): boolean => KEHU_TABLES.has(name);
