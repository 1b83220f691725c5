import { CUSTOMER_SCALAR_FIELDS, type CustomerCreateInput, type CustomerPatchInput, type CustomerScalarField, type CustomerShape } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { ConvertedRow } from '../../domain/import-mapping.ts';
import type { Ctx } from '../context.ts';
import { customerDatabaseChecks, type BulkCustomer } from '../customers/bulk-customer-rows.ts';
import { prepareRowsWithoutDatabase, type ContactPart, type RowRules } from './customer-rows.ts';
import { insertNewCustomers } from '../customers/bulk-insert-customers.ts';
import { writableIds } from '../access/writable-ids.ts';
import { loadCustomer } from '../customers/customers.repository.ts';
import { updateCustomer } from '../customers/update-customer.ts';
import { catchRowErrors, cellCode, emptyResult, isEmpty, rowCtx, rowErrors, type BatchHandler, type BatchResult, type ImportSettings, type ImportState, type SourceRow } from './import-batch.ts';
import { mask, normaliseIdNumber } from '../../domain/sensitive.ts';
import { SEALED_COLUMNS, sealedOf } from '../customers/prepare-sensitive.ts';
import { planDuplicates, type Plan } from './plan-duplicates.ts';
import { addRowContacts, type RowContact } from './row-contacts.ts';
import { inSavepoint, resolveOwners, unresolved, unresolvedError } from './resolve-refs.ts';

// stage and owner have rules of their own below
const SCALARS = CUSTOMER_SCALAR_FIELDS.filter((f): f is Exclude<CustomerScalarField, 'stage' | 'ownerId'> => f !== 'stage' && f !== 'ownerId');

interface Candidate {
  source: SourceRow;
  converted: ConvertedRow;
  input: CustomerCreateInput;
  externalId: string | null;
}

/** The rules of prepareRowsWithoutDatabase for this import. */
function rowRules(ctx: Ctx, s: ImportSettings, state: ImportState): RowRules {
  // With a contact person per row, rows naming one company are that one company.
  const hasContacts = Object.values(s.columns).includes('contactName');
  const matchOn = hasContacts && !s.matchOn.includes('name') ? [...s.matchOn, 'name' as const] : s.matchOn;
  return { columns: s.columns, headers: s.headers, matchOn, customTypes: state.customTypes, region: ctx.settings.defaultRegion, actorUserId: ctx.actor.userId, keepRow: s.onInvalidValue === 'keep-row' };
}

/** The patch that brings the file's values into an existing customer: only empty fields, or all of them. */
function updatePatch(before: CustomerShape, c: Candidate, prepared: BulkCustomer, overwrite: boolean): CustomerPatchInput {
  const patch: CustomerPatchInput = {};
  const input = c.input;
  const take = (have: unknown, file: unknown) => file !== undefined && (overwrite ? file !== have : isEmpty(have));
  for (const field of SCALARS) if (take(before[field], input[field])) (patch as Record<string, unknown>)[field] = input[field];
  if (overwrite && input.name !== undefined && prepared.row.name !== before.name) patch.name = input.name;
  if (overwrite && c.converted.values.kind !== undefined && input.kind !== before.kind) patch.kind = input.kind;
  if (overwrite && input.stage !== undefined && input.stage !== before.stage) patch.stage = input.stage;
  if (input.ownerId !== undefined && take(before.ownerId, input.ownerId)) patch.ownerId = input.ownerId;
  // before.idNumber is masked: compare the file's value masked the same way
  if (input.idNumber != null && (overwrite ? maskedIdNumber(input.idNumber) !== before.idNumber : before.idNumber === null)) patch.idNumber = input.idNumber;
  for (const kind of ['phone', 'email'] as const) {
    const list = kind === 'phone' ? before.phones : before.emails;
    const fresh = prepared.points.filter((p) => p.kind === kind && !list.some((q) => q.value === p.value));
    if (fresh.length === 0) continue;
    const kept = overwrite ? [] : list.map((p) => ({ value: p.raw, ...(p.label ? { label: p.label } : {}), primary: p.primary }));
    const added = fresh.map((p) => ({ value: p.raw, ...(p.label ? { label: p.label } : {}) }));
    patch[kind === 'phone' ? 'phones' : 'emails'] = [...kept, ...added];
  }
  const tags = input.tags ?? [];
  if (tags.some((t) => !before.tags.includes(t))) patch.tags = overwrite ? tags : [...new Set([...before.tags, ...tags])];
  const custom = Object.entries(input.custom ?? {}).filter(([key, value]) => take(before.custom[key], value));
  if (custom.length > 0) patch.custom = Object.fromEntries(custom);
  return patch;
}

function maskedIdNumber(value: string): string | null {
  const normalised = normaliseIdNumber(value);
  return 'value' in normalised ? mask(normalised.value) : null;
}

interface Valid {
  c: Candidate;
  p: BulkCustomer;
  keys: string[];
  contact: ContactPart | null;
}

interface PreparedRows {
  result: BatchResult;
  valid: Valid[];
}

/**
 * Converts, validates and normalises a batch (reads only): the part worth doing outside the write
 * transaction. The rows go through prepareRowsWithoutDatabase; what needs the database is done
 * here: owners named in the file, the owner's own check, required and unique custom fields.
 */
export const prepareCustomerRows = async (ctx: Ctx, rows: SourceRow[], s: ImportSettings, state: ImportState): Promise<PreparedRows> => {
  const result = emptyResult();
  const items = prepareRowsWithoutDatabase(rows, rowRules(ctx, s, state));
  await resolveOwners(ctx, items.flatMap((item) => (item.ownerName === null ? [] : [item.ownerName])), state.owners);
  const check = await customerDatabaseChecks(ctx);
  const valid: Valid[] = [];
  for (const { source, converted, input, externalId, ownerName, early, dropped, contact, normalised } of items) {
    const errors: FieldError[] = [];
    if (ownerName !== null) {
      const resolved = state.owners.get(ownerName);
      if (resolved && 'id' in resolved) input.ownerId = resolved.id;
      else errors.push(unresolvedError('ownerId', resolved && 'error' in resolved ? resolved : unresolved('import.no_user', ownerName)));
    }
    errors.push(...early);
    const ownerId = input.ownerId === undefined ? ctx.actor.userId : input.ownerId;
    // Every problem of the row at once: its cells, its owner, and what normalising and the database checks found.
    if (normalised !== null) errors.push(...(await check(input, ownerId, normalised)));
    if (converted.errors.length > 0 || errors.length > 0 || !normalised?.prepared) {
      // Conversion errors name the column already; the others map through columnOf.
      result.errors.push(...converted.errors.map((e) => ({ row: source.row, column: e.column, reason: e.message, ...cellCode(e), cells: source.values })));
      result.errors.push(...rowErrors(source, converted, errors));
      result.invalid++;
      continue;
    }
    if (dropped.length > 0) {
      result.errors.push(...dropped.map((e) => ({ row: source.row, column: e.column, reason: e.message, ...cellCode(e), ...(e.code && e.field ? { field: e.field } : {}), cells: source.values })));
      result.dropped++;
    }
    const { prepared, keys } = normalised;
    prepared.row.owner_id = ownerId;
    prepared.externalId = externalId;
    valid.push({ c: { source, converted, input, externalId }, p: prepared, keys, contact });
  }
  return { result, valid };
};

/**
 * One batch of customer rows: converted, validated and normalised like manual entry, matched
 * against the database and the rest of the file, then created in bulk or applied as updates.
 */
export const customerBatch: BatchHandler = async (ctx, rows, s, state, ready) => {
  const { result, valid } = (ready as PreparedRows | undefined) ?? (await prepareCustomerRows(ctx, rows, s, state));
  const plan = await planDuplicates(ctx, 'customers', valid.map((v) => v.keys), s, state);
  result.skipped += plan.skipped;
  for (const { index, message, code, params } of plan.taken) {
    const { source } = (valid[index] as Valid).c;
    result.errors.push({ row: source.row, column: null, reason: message, code, ...(params ? { params } : {}), cells: source.values });
    result.invalid++;
  }
  const toCreate = plan.create.map((i) => valid[i] as Valid);
  const toUpdate = plan.update.map((u) => ({ ...(valid[u.index] as Valid), id: u.id }));

  const mayWrite = await writableIds(ctx, 'customer', toUpdate.map((u) => u.id));
  const updates = toUpdate.filter((u) => {
    if (mayWrite.has(u.id)) return true;
    result.errors.push({ row: u.c.source.row, column: null, reason: 'matches an existing customer you may not change (ask its owner or an admin)', code: 'import.matches_unwritable_customer', cells: u.c.source.values });
    result.invalid++;
    return false;
  });

  if (s.dryRun) {
    result.created += toCreate.length;
    result.updated += updates.length;
    await addRowContacts(ctx, rowContacts(valid, plan, toCreate, [], updates), s, state, result);
    return result;
  }

  const fresh = toCreate.map((v) => ({ customer: v.p, row: v.c.source.row }));
  const ids = await ctx.dialect.withSearchIndexSuspended(ctx.db, 'customers', () => insertNewCustomers(ctx, fresh, { importJob: [null, s.jobId] }));
  ids.forEach((id, i) => result.records.push({ entity: 'customer', entity_id: id, action: 'create', before: null, row: (toCreate[i] as Valid).c.source.row }));
  result.created += ids.length;

  for (const u of updates) {
    const before = await loadCustomer(ctx, u.id);
    // Revert puts back the stored custom values and sensitive fields: sealed there, masked in `before`.
    const stored = await ctx.db.selectFrom('customers').select(['custom', ...SEALED_COLUMNS]).where('id', '=', u.id).executeTakeFirstOrThrow();
    const patch = updatePatch(before, u.c, u.p, s.updateMode === 'overwrite');
    if (Object.keys(patch).length === 0) {
      result.skipped++;
      continue;
    }
    const outcome = await catchRowErrors(() => inSavepoint(ctx.db, () => updateCustomer(rowCtx(ctx, s, u.c.source.row), u.id, patch)));
    if (Array.isArray(outcome)) {
      result.errors.push(...rowErrors(u.c.source, u.c.converted, outcome));
      result.invalid++;
      continue;
    }
    if (u.c.externalId !== null) await ctx.db.updateTable('customers').set({ external_id: u.c.externalId }).where('id', '=', u.id).where('external_id', 'is', null).execute();
    result.records.push({ entity: 'customer', entity_id: u.id, action: 'update', before: JSON.stringify({ ...before, storedCustom: ctx.dialect.parseJson(stored.custom), storedSealed: sealedOf(stored) }), row: u.c.source.row });
    result.updated++;
  }
  await addRowContacts(ctx, rowContacts(valid, plan, toCreate, ids, updates), s, state, result);
  return result;
};

/**
 * The contact people of the batch's rows, each with the customer its row created, updated or
 * matched (in a dry run, a stand-in id per company the file would create).
 */
function rowContacts(valid: Valid[], plan: Plan, toCreate: Valid[], ids: number[], updates: Array<Valid & { id: number }>): RowContact[] {
  if (!valid.some((v) => v.contact !== null)) return [];
  const idByKey = new Map<string, number>();
  const standIn = (v: Valid) => -1 - valid.indexOf(v);
  toCreate.forEach((v, i) => {
    for (const k of v.keys) if (!idByKey.has(k)) idByKey.set(k, ids[i] ?? standIn(v));
  });
  const customerOf = new Map<Valid, number | null>();
  toCreate.forEach((v, i) => customerOf.set(v, ids[i] ?? standIn(v)));
  for (const u of updates) customerOf.set(valid.find((v) => v.c === u.c) as Valid, u.id);
  for (const { index, id } of plan.skippedItems) {
    const v = valid[index] as Valid;
    customerOf.set(v, id ?? v.keys.map((k) => idByKey.get(k)).find((found) => found !== undefined) ?? null);
  }
  return valid.flatMap((v) => {
    const customerId = customerOf.get(v);
    return v.contact === null || customerId == null ? [] : [{ source: v.c.source, converted: v.c.converted, contact: v.contact, customerId }];
  });
}
