import { withAreaCode } from '../../domain/area-codes.ts';
import { normalisePoints } from '../../domain/contact-point.ts';
import { CONTACT_CARD_KEYS, type ContactCreateInput, type ContactPatchInput, type ContactShape } from '../../domain/contact.ts';
import type { FieldError } from '../../domain/errors.ts';
import { leftOut } from '../../domain/import-job.ts';
import { convertRow, type ConvertedRow, type ImportType } from '../../domain/import-mapping.ts';
import type { InteractionCreateInput } from '../../domain/interaction.ts';
import { currencyError } from '../../domain/money.ts';
import { priceItems, type OrderCreateInput } from '../../domain/order.ts';
import { analyticsUtcOffset } from '../analytics/analytics-offset.ts';
import type { Ctx } from '../context.ts';
import { loadContact } from '../contacts/contacts.repository.ts';
import { createContact } from '../contacts/create-contact.ts';
import { updateContact } from '../contacts/update-contact.ts';
import { createInteraction } from '../interactions/create-interaction.ts';
import { createOrder } from '../orders/create-order.ts';
import { contactPointKey, ORDER_WITHOUT_PRODUCTS, resolveCustomersByContactPoint, type ContactPointRef } from './order-customers.ts';
import { catchRowErrors, cellCode, emptyResult, isEmpty, rowCtx, rowErrors, typedCustom, type BatchHandler, type BatchResult, type ImportSettings, type ImportState, type SourceRow } from './import-batch.ts';
import { identityKeys, padded } from './match-duplicates.ts';
import { planDuplicates } from './plan-duplicates.ts';
import { customerByEmailDomain, customerRefKey, inSavepoint, resolveCustomers, unresolvedError } from './resolve-refs.ts';
import { createMissingCompanies } from './contact-companies.ts';
import { dropBadValues, isDroppable } from './invalid-values.ts';

interface Converted {
  source: SourceRow;
  converted: ConvertedRow;
  errors: FieldError[];
  customerId: number | null;
}

/**
 * Converts rows and resolves their customer (by name or external id) to an id the actor can see.
 * A contact's company that no visible customer is called is created (onCompany link) or kept on
 * the contact as text (keep).
 */
async function convertWithCustomer(ctx: Ctx, type: ImportType, rows: SourceRow[], s: ImportSettings, state: ImportState, result: BatchResult): Promise<Converted[]> {
  // an order's or activity's time without a zone is the workspace's, where its days are counted
  const utcOffset = await analyticsUtcOffset(ctx);
  const converted = rows.map((source) => ({ source, converted: convertRow(type, s.columns, s.headers, source.values, utcOffset) }));
  if (type === 'contacts' && s.onCompany === 'keep') {
    for (const { converted: c } of converted) {
      if (c.values.customer === undefined) continue;
      c.values.organization = c.values.customer;
      c.columnOf.organization = c.columnOf.customer as string;
      delete c.values.customer;
    }
  }
  const ref = (c: ConvertedRow) => {
    const externalId = c.values.customerExternalId as string | undefined;
    const name = c.values.customer as string | undefined;
    return externalId !== undefined ? { externalId } : name !== undefined ? { name } : {};
  };
  const point = (c: ConvertedRow): ContactPointRef | null => {
    if (c.values.customerExternalId !== undefined) return null;
    const email = c.values.customerEmail as string | undefined;
    const phone = c.values.customerPhone as string | undefined;
    return email !== undefined ? { kind: 'email', raw: email } : phone !== undefined ? { kind: 'phone', raw: phone } : null;
  };
  await resolveCustomers(ctx, converted.filter((c) => point(c.converted) === null).map((c) => ref(c.converted)), state.customers);
  await resolveCustomersByContactPoint(ctx, converted.map((c) => point(c.converted)).filter((p): p is ContactPointRef => p !== null), state.customers);
  if (type === 'contacts') {
    const missing = converted.flatMap(({ source, converted: c }) => {
      const key = customerRefKey(ref(c));
      const found = key === null ? undefined : state.customers.get(key);
      return found && 'missing' in found && found.missing ? [{ name: c.values.customer as string, row: source.row }] : [];
    });
    await createMissingCompanies(ctx, missing, s, state, result);
  }
  return converted.map(({ source, converted: c }) => {
    const errors: FieldError[] = c.errors.map((e) => ({ field: e.column ?? 'row', message: e.message, ...(e.code ? { code: e.code, ...(e.params ? { params: e.params } : {}) } : {}) }));
    const byPoint = point(c);
    const key = byPoint ? contactPointKey(ctx, byPoint) : customerRefKey(ref(c));
    const resolved = key === null ? null : state.customers.get(key);
    let customerId: number | null = null;
    if (resolved && 'id' in resolved) customerId = resolved.id;
    else if (resolved) errors.push(unresolvedError('customer', resolved));
    delete c.values.customer;
    delete c.values.customerExternalId;
    delete c.values.customerEmail;
    delete c.values.customerPhone;
    return { source, converted: c, errors, customerId };
  });
}

/**
 * keep-row: a contact row is imported without the values that fail their check (a bad phone,
 * e-mail, birthday…), each told in the error file; what makes the contact (its name, its
 * customer) still rejects the row.
 */
function keepWithoutBadValues(ctx: Ctx, item: Converted, input: ContactCreateInput, result: BatchResult): void {
  const cellErrors = item.converted.errors;
  const others = item.errors.slice(cellErrors.length);
  const points = normalisePoints(input, ctx.settings.defaultRegion).errors;
  const fieldOf = (column: string | null) => Object.entries(item.converted.columnOf).find(([, c]) => c === column)?.[0] ?? '';
  if (cellErrors.some((e) => RECORD_FIELDS.has(fieldOf(e.column))) || !others.every(isDroppable)) return;
  if (cellErrors.length + others.length + points.length === 0) return;
  // convertRow left a bad cell's value out already; the others are taken out of the input here
  result.errors.push(
    ...cellErrors.map(leftOut).map((e) => ({ row: item.source.row, column: e.column, reason: e.message, ...(e.code ? { code: e.code, params: e.params } : {}), cells: item.source.values })),
    ...rowErrors(item.source, item.converted, dropBadValues(input as Record<string, unknown>, [...others, ...points], item.converted.pointColumns)),
  );
  item.converted.errors = [];
  item.errors = [];
  result.dropped++;
}

const RECORD_FIELDS = new Set(['name', 'customer', 'customerExternalId']);

function reject(result: BatchResult, item: Converted, errors: FieldError[]): void {
  const fromCells = item.converted.errors.length;
  result.errors.push(
    ...item.converted.errors.map((e) => ({ row: item.source.row, column: e.column, reason: e.message, ...cellCode(e), cells: item.source.values })),
    ...rowErrors(item.source, item.converted, errors.slice(fromCells)),
  );
  result.invalid++;
}

function contactPatch(before: ContactShape, input: ContactCreateInput, overwrite: boolean, region: string): ContactPatchInput {
  const patch: Record<string, unknown> = {};
  const take = (have: unknown, file: unknown) => file !== undefined && (overwrite ? file !== have : isEmpty(have));
  for (const field of ['title', 'gender', 'birthday', 'notes', 'customerId', ...CONTACT_CARD_KEYS] as const) if (take(before[field], input[field])) patch[field] = input[field];
  if (overwrite && input.name !== before.name) patch.name = input.name;
  const points = normalisePoints(input, region).points;
  for (const kind of ['phone', 'email'] as const) {
    const list = kind === 'phone' ? before.phones : before.emails;
    const fresh = points.filter((p) => p.kind === kind && !list.some((q) => q.value === p.value));
    if (fresh.length === 0) continue;
    const kept = overwrite ? [] : list.map((p) => ({ value: p.raw, ...(p.label ? { label: p.label } : {}), primary: p.primary }));
    patch[kind === 'phone' ? 'phones' : 'emails'] = [...kept, ...fresh.map((p) => ({ value: p.raw }))];
  }
  if ((input.tags ?? []).some((t) => !before.tags.includes(t))) patch.tags = overwrite ? input.tags : [...new Set([...before.tags, ...(input.tags ?? [])])];
  const custom = Object.entries(input.custom ?? {}).filter(([key, value]) => take(before.custom[key], value));
  if (custom.length > 0) patch.custom = Object.fromEntries(custom);
  return patch as ContactPatchInput;
}

/** Contacts, one by one through createContact / updateContact, matched on email, phone, external id or name + company. */
export const contactBatch: BatchHandler = async (ctx, rows, s, state) => {
  const result = emptyResult();
  const items: Array<Converted & { input: ContactCreateInput; externalId: string | null }> = [];
  for (const item of await convertWithCustomer(ctx, 'contacts', rows, s, state, result)) {
    const { externalId, areaCode, ...values } = item.converted.values;
    if (typeof areaCode === 'string' && ctx.settings.defaultRegion === 'CN' && Array.isArray(values.phones)) values.phones = (values.phones as Array<{ value: string }>).map((p) => ({ ...p, value: withAreaCode(p.value, areaCode) }));
    const hasCustomerColumn = item.converted.columnOf.customer !== undefined || item.converted.columnOf.customerExternalId !== undefined;
    const email = (values.emails as Array<{ value: string }> | undefined)?.[0]?.value;
    if (item.customerId === null && !hasCustomerColumn && email) item.customerId = await customerByEmailDomain(ctx, email, state.customers);
    const input = { ...values, ...(item.customerId === null ? {} : { customerId: item.customerId }) } as ContactCreateInput;
    const custom = typedCustom(item.converted.custom, state.customTypes);
    item.errors.push(...custom.errors);
    if (Object.keys(custom.values).length > 0) input.custom = custom.values;
    if (input.name === undefined) item.errors.push({ field: 'name', message: 'is empty: the row has no name, e-mail, company or phone to call the contact by', code: 'import.contact_unnamed' });
    if (s.onInvalidValue === 'keep-row') keepWithoutBadValues(ctx, item, input, result);
    if (item.errors.length > 0) reject(result, item, item.errors);
    else items.push({ ...item, input, externalId: typeof externalId === 'string' ? externalId : null });
  }
  const keys = items.map((i) => identityKeys({ points: normalisePoints(i.input, ctx.settings.defaultRegion).points, externalId: i.externalId, name: i.input.name, customerId: i.customerId }, s.matchOn));
  const plan = await planDuplicates(ctx, 'contacts', keys, s, state);
  result.skipped += plan.skipped;
  for (const { index, message, code, params } of plan.taken) reject(result, items[index] as (typeof items)[number], [{ field: 'row', message, code, ...(params ? { params } : {}) }]);
  for (const index of plan.create) {
    const item = items[index] as (typeof items)[number];
    if (s.dryRun) {
      const problems = normalisePoints(item.input, ctx.settings.defaultRegion).errors;
      if (problems.length > 0) reject(result, item, problems);
      else result.created++;
      continue;
    }
    const created = await catchRowErrors(() =>
      inSavepoint(ctx.db, async () => {
        const contact = await createContact(rowCtx(ctx, s, item.source.row), item.input);
        if (item.externalId !== null) await ctx.db.updateTable('contacts').set({ external_id: item.externalId }).where('id', '=', contact.id).execute();
        return contact;
      }),
    );
    if (Array.isArray(created)) reject(result, item, created);
    else {
      result.created++;
      result.records.push({ entity: 'contact', entity_id: created.id, action: 'create', before: null, row: item.source.row });
    }
  }
  for (const { index, id } of plan.update) {
    const item = items[index] as (typeof items)[number];
    if (s.dryRun) {
      result.updated++;
      continue;
    }
    const before = await catchRowErrors(() => loadContact(ctx, id));
    if (Array.isArray(before)) {
      reject(result, item, [{ field: 'row', message: `matches contact ${id}, which you cannot see`, code: 'import.matches_hidden_contact', params: { id } }]);
      continue;
    }
    const patch = contactPatch(before, item.input, s.updateMode === 'overwrite', ctx.settings.defaultRegion);
    if (Object.keys(patch).length === 0) {
      result.skipped++;
      continue;
    }
    const updated = await catchRowErrors(() => inSavepoint(ctx.db, () => updateContact(rowCtx(ctx, s, item.source.row), id, patch)));
    if (Array.isArray(updated)) reject(result, item, updated);
    else {
      result.updated++;
      result.records.push({ entity: 'contact', entity_id: id, action: 'update', before: JSON.stringify(before), row: item.source.row });
    }
  }
  return result;
};

/**
 * Orders: consecutive rows with the same order number are one order with several items (the
 * runner never splits them across batches). An order number that exists already is a duplicate.
 */
export const orderBatch: BatchHandler = async (ctx, rows, s, state) => {
  const result = emptyResult();
  const converted = await convertWithCustomer(ctx, 'orders', rows, s, state, result);
  const groups: Converted[][] = [];
  for (const item of converted) {
    const last = groups.at(-1);
    const orderNo = item.converted.values.orderNo;
    if (last && orderNo !== undefined && last[0]?.converted.values.orderNo === orderNo) last.push(item);
    else groups.push([item]);
  }
  const numbers = groups.map((g) => g[0]?.converted.values.orderNo).filter((n): n is string => typeof n === 'string');
  const taken = new Set<string>();
  for (let i = 0; i < numbers.length; i += 4_096) {
    const found = await ctx.db.selectFrom('orders').select('order_no').where('order_no', 'in', padded(numbers.slice(i, i + 4_096))).where('deleted_at', 'is', null).execute();
    for (const r of found) if (r.order_no) taken.add(r.order_no);
  }
  for (const group of groups) {
    const head = group[0] as Converted;
    const bad = group.filter((g) => g.errors.length > 0);
    if (bad.length > 0) {
      for (const g of group) reject(result, g, g.errors.length > 0 ? g.errors : [{ field: 'orderNo', message: 'another row of this order is invalid', code: 'import.order_row_invalid' }]);
      continue;
    }
    const v = head.converted.values;
    const orderNo = typeof v.orderNo === 'string' ? v.orderNo : undefined;
    const key = orderNo === undefined ? null : `order:${orderNo}`;
    if (orderNo !== undefined && s.onDuplicate !== 'create' && (taken.has(orderNo) || state.seen?.has(key as string))) {
      result.skipped += group.length;
      continue;
    }
    if (key !== null) state.seen?.add(key);
    const items = group.map((g) => {
      const gv = g.converted.values;
      const quantity = (gv.quantity as number | undefined) ?? 1;
      const unitPrice = (gv.unitPrice as number | undefined) ?? Math.round(((gv.total as number | undefined) ?? 0) / quantity);
      // a plain order history (customer, date, amount) has no products: the order is one line of its amount
      const product = (gv.product as string | undefined) ?? (g.converted.columnOf.product === undefined ? ORDER_WITHOUT_PRODUCTS : undefined);
      return { product: product as string, ...(gv.sku !== undefined ? { sku: gv.sku as string } : {}), quantity, unitPrice };
    });
    const input = {
      customerId: head.customerId,
      orderedAt: v.orderedAt,
      items,
      ...(orderNo !== undefined ? { orderNo } : {}),
      ...(v.status !== undefined ? { status: v.status } : {}),
      ...(v.currency !== undefined ? { currency: v.currency } : {}),
      ...(v.notes !== undefined ? { notes: v.notes } : {}),
    } as OrderCreateInput;
    const missing: FieldError[] = [];
    if (head.customerId === null) missing.push({ field: 'customer', message: 'is empty', code: 'field.required' });
    if (v.orderedAt === undefined) missing.push({ field: 'orderedAt', message: 'is empty', code: 'field.required' });
    if (items.some((i) => i.product === undefined)) missing.push({ field: 'product', message: 'is empty', code: 'field.required' });
    if (missing.length > 0) {
      reject(result, head, missing);
      result.invalid += group.length - 1;
      continue;
    }
    if (s.dryRun) {
      const problems = orderDraftErrors(input);
      if (problems.length > 0) {
        reject(result, head, problems);
        result.invalid += group.length - 1;
      } else result.created++;
      continue;
    }
    const created = await catchRowErrors(() => inSavepoint(ctx.db, () => createOrder(rowCtx(ctx, s, head.source.row), input)));
    if (Array.isArray(created)) {
      reject(result, head, created);
      result.invalid += group.length - 1;
    } else {
      // a later row of the file with this number is a duplicate, as it is in the dry run
      if (orderNo !== undefined) taken.add(orderNo);
      result.created++;
      result.records.push({ entity: 'order', entity_id: created.id, action: 'create', before: null, row: head.source.row });
    }
  }
  return result;
};

/** What createOrder would refuse in an order of the file without touching the database: the dry run's check. */
function orderDraftErrors(input: OrderCreateInput): FieldError[] {
  const currency = input.currency === undefined ? null : currencyError('currency', input.currency);
  return [...(currency ? [currency] : []), ...priceItems(input.items).errors];
}

/** Interactions, one by one through createInteraction; they have no natural key, so each row is new. */
export const interactionBatch: BatchHandler = async (ctx, rows, s, state) => {
  const result = emptyResult();
  for (const item of await convertWithCustomer(ctx, 'interactions', rows, s, state, result)) {
    if (item.customerId === null && item.errors.length === 0) item.errors.push({ field: 'customer', message: 'is empty', code: 'field.required' });
    if (item.errors.length > 0) {
      reject(result, item, item.errors);
      continue;
    }
    const input = { ...item.converted.values, customerId: item.customerId, type: item.converted.values.type ?? 'note' } as InteractionCreateInput;
    if (s.dryRun) {
      result.created++;
      continue;
    }
    const created = await catchRowErrors(() => inSavepoint(ctx.db, () => createInteraction(rowCtx(ctx, s, item.source.row), input)));
    if (Array.isArray(created)) reject(result, item, created);
    else {
      result.created++;
      result.records.push({ entity: 'interaction', entity_id: created.id, action: 'create', before: null, row: item.source.row });
    }
  }
  return result;
};
