import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';
import * as initial from './2026-11-22T1600-initial.ts';
import * as auditLog from './2026-11-22T1800-audit-log.ts';
import * as sensitiveFields from './2026-11-22T1901-sensitive-fields.ts';
import * as sessions from './2026-11-22T1900-sessions.ts';
import * as access from './2026-11-22T1902-access.ts';
import * as totp from './2026-11-22T2001-totp.ts';
import * as settings from './2026-11-22T2002-settings.ts';
import * as duplicates from './2026-11-22T2003-duplicates.ts';
import * as merges from './2026-11-22T2004-merges.ts';
import * as imports from './2026-11-22T2005-imports.ts';
import * as sensitiveCustomFields from './2026-11-22T2006-sensitive-custom-fields.ts';
import * as deferredIndexes from './2026-11-22T2007-deferred-indexes.ts';
import * as analytics from './2026-12-05T1700-analytics.ts';
import * as customerFields from './2026-12-05T1300-customer-fields.ts';
import * as backupRuns from './2026-12-05T1500-backup-runs.ts';
import * as loginAttemptFamiliar from './2026-12-05T1200-login-attempt-familiar.ts';
import * as consoleOrigin from './2026-12-05T1100-console-origin.ts';
import * as auditSubjects from './2026-12-05T1101-audit-subjects.ts';
import * as purchaseModels from './2026-12-05T1701-purchase-models.ts';
import * as segments from './2026-12-05T1702-segments.ts';
import * as importContacts from './2026-12-05T1910-import-contacts.ts';
import * as contactCardFields from './2026-12-06T1500-contact-card-fields.ts';
import * as searchGrams from './2026-12-05T1920-search-grams.ts';
import * as loginAttemptsAt from './2026-12-06T1340-login-attempts-at.ts';
import * as passwordResets from './2026-12-06T1600-password-resets.ts';
import * as importErrorCodes from './2026-12-06T1610-import-error-codes.ts';
import * as customersOwnerDeletedIndex from './2026-12-07T0300-customers-owner-deleted-index.ts';
import * as purchaseModelsOrders from './2026-12-07T0400-purchase-models-orders.ts';
import * as orderStatsOffset from './2026-12-07T0500-order-stats-offset.ts';
import * as backupRunErrorCodes from './2026-12-07T0510-backup-run-error-codes.ts';

export interface Migration {
  up(db: Kysely<unknown>, kit: MigrationKit): Promise<void>;
  down(db: Kysely<unknown>, kit: MigrationKit): Promise<void>;
}

/** Every migration, oldest first. Names are timestamps and never change once released. */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['2026-11-22T1600-initial', initial],
  ['2026-11-22T1800-audit-log', auditLog],
  ['2026-11-22T1901-sensitive-fields', sensitiveFields],
  ['2026-11-22T1900-sessions', sessions],
  ['2026-11-22T1902-access', access],
  ['2026-11-22T2001-totp', totp],
  ['2026-11-22T2002-settings', settings],
  ['2026-11-22T2003-duplicates', duplicates],
  ['2026-11-22T2004-merges', merges],
  ['2026-11-22T2005-imports', imports],
  ['2026-11-22T2006-sensitive-custom-fields', sensitiveCustomFields],
  ['2026-11-22T2007-deferred-indexes', deferredIndexes],
  ['2026-12-05T1700-analytics', analytics],
  ['2026-12-05T1300-customer-fields', customerFields],
  ['2026-12-05T1500-backup-runs', backupRuns],
  ['2026-12-05T1200-login-attempt-familiar', loginAttemptFamiliar],
  ['2026-12-05T1100-console-origin', consoleOrigin],
  ['2026-12-05T1101-audit-subjects', auditSubjects],
  ['2026-12-05T1701-purchase-models', purchaseModels],
  ['2026-12-05T1702-segments', segments],
  ['2026-12-05T1910-import-contacts', importContacts],
  ['2026-12-05T1920-search-grams', searchGrams],
  ['2026-12-06T1340-login-attempts-at', loginAttemptsAt],
  ['2026-12-06T1500-contact-card-fields', contactCardFields],
  ['2026-12-06T1600-password-resets', passwordResets],
  ['2026-12-06T1610-import-error-codes', importErrorCodes],
  ['2026-12-07T0300-customers-owner-deleted-index', customersOwnerDeletedIndex],
  ['2026-12-07T0400-purchase-models-orders', purchaseModelsOrders],
  ['2026-12-07T0500-order-stats-offset', orderStatsOffset],
  ['2026-12-07T0510-backup-run-error-codes', backupRunErrorCodes],
];
