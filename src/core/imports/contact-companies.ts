import { formatMessage, nestedReasons, type MessageParams } from '../../domain/messages.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Ctx } from '../context.ts';
import { createCustomer } from '../customers/create-customer.ts';
import { catchRowErrors, rowCtx, type BatchResult, type ImportSettings, type ImportState } from './import-batch.ts';
import { identityKeys } from './match-duplicates.ts';
import { planDuplicates } from './plan-duplicates.ts';
import { customerRefKey, inSavepoint } from './resolve-refs.ts';

/** A company a row of a contacts import names, which no customer the importer can see is called. */
export interface MissingCompany {
  name: string;
  row: number;
}

/**
 * Makes each missing company a customer of kind company, once per name, as an import of customers
 * would: owned by the importer, and matched against every customer by name first, so a rep never
 * learns of another rep's customer — it becomes the rep's own new company, or, with the pool rule
 * tellRepsWhenTaken (撞单), the row is refused. Settles `state.customers` for those names: an id
 * (a stand-in below zero in a dry run) or the reason.
 */
export async function createMissingCompanies(ctx: Ctx, missing: MissingCompany[], s: ImportSettings, state: ImportState, result: BatchResult): Promise<void> {
  const firstRow = new Map<string, MissingCompany>();
  for (const m of missing) {
    const key = customerRefKey({ name: m.name }) as string;
    if (!firstRow.has(key)) firstRow.set(key, m);
  }
  const companies = [...firstRow.entries()];
  if (companies.length === 0) return;
  const keys = companies.map(([, m]) => identityKeys({ points: [], externalId: null, name: normaliseName(m.name), customerId: null }, ['name']));
  const plan = await planDuplicates(ctx, 'customers', keys, { ...s, onDuplicate: 'skip' }, { ...state, seen: null });
  for (const { index, message, code, params } of plan.taken) state.customers.set((companies[index] as [string, MissingCompany])[0], { error: message, code, ...(params ? { params } : {}) });
  for (const { index, id } of plan.skippedItems) {
    const [key] = companies[index] as [string, MissingCompany];
    state.customers.set(key, id === undefined ? { error: 'could not be matched', code: 'import.company_unmatched' } : { id });
  }
  for (const index of plan.create) {
    const [key, company] = companies[index] as [string, MissingCompany];
    if (s.dryRun) {
      state.customers.set(key, { id: -1 - state.customers.size });
      continue;
    }
    const created = await catchRowErrors(() => inSavepoint(ctx.db, () => createCustomer(rowCtx(ctx, s, company.row), { kind: 'company', name: company.name })));
    if (Array.isArray(created)) {
      const params: MessageParams = { name: company.name, ...nestedReasons(created) };
      state.customers.set(key, { error: formatMessage('en', 'import.company_not_created', params) ?? String(params.reasons), code: 'import.company_not_created', params });
      continue;
    }
    state.customers.set(key, { id: created.id });
    result.records.push({ entity: 'customer', entity_id: created.id, action: 'create', before: null, row: company.row });
  }
}
