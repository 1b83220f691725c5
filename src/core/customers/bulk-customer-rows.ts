import type { MessageCode, MessageParams } from '../../domain/messages.ts';
import type { NormalisedPoint } from '../../domain/contact-point.ts';
import { CustomerCreate, type CustomerCreateInput } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import { nowIso, type Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { shapeChecker } from '../records/check-shape.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { assertCanAssignOwner } from './customers.policy.ts';
import { normaliseCustomer } from './normalise-customer.ts';
import { prepareSensitive } from './prepare-sensitive.ts';

/** One problem with one input row; `row` is its 0-based position in the input. */
export interface BulkRowError {
  row: number;
  field: string;
  message: string;
}

export type PreparedCustomer = NonNullable<ReturnType<typeof normaliseCustomer>['row']> & { custom: string } & Partial<ReturnType<typeof prepareSensitive>>;

export interface BulkCustomer {
  row: PreparedCustomer;
  points: NormalisedPoint[];
  tags: string[];
  /** the id in another system (imports), stored in customers.external_id */
  externalId?: string | null;
}

const checkShape = shapeChecker(CustomerCreate);

export interface Normalised {
  errors: FieldError[];
  prepared: BulkCustomer | null;
  /** the input did not have the create schema's shape: `errors` says how, and nothing else was checked */
  shapeFailed: boolean;
}

/**
 * Shape check and normalisation of one create input, as createCustomer does them, for `ownerId`;
 * what needs the database (the owner's and custom fields' checks) is the caller's.
 */
export function normaliseInput(input: CustomerCreateInput, ownerId: number | null, region: string, today?: string): Normalised {
  const shapeErrors = checkShape(input);
  if (shapeErrors.length > 0) return { errors: shapeErrors, prepared: null, shapeFailed: true };
  // Only another owner needs a copy of the input: normaliseCustomer reads the draft, never keeps it.
  const draft = input.ownerId === ownerId ? input : { ...input, ownerId };
  const normalised = normaliseCustomer(draft, input, [], region, today);
  // The row is this call's own: custom joins it (last, as a spread would put it) rather than copying it.
  const prepared = normalised.row === null ? null : { row: Object.assign(normalised.row, { custom: '{}' }), points: normalised.points, tags: input.tags ?? [] };
  return { errors: normalised.errors, prepared, shapeFailed: false };
}

/** The owner's problems for a new customer: an active user the actor may give customers to (createCustomer's rule). */
async function ownerProblems(ctx: Ctx, ownerId: number): Promise<FieldError[]> {
  const errors = await checkUserRef(ctx, 'ownerId', ownerId);
  if (errors.length > 0) return errors;
  try {
    await assertCanAssignOwner(ctx, ownerId);
    return [];
  } catch (error) {
    const e = error as { errors?: FieldError[]; message: string; messageCode?: MessageCode; params?: MessageParams };
    return e.errors && e.errors.length > 0 ? e.errors : [{ field: 'ownerId', message: e.message, ...(e.messageCode ? { code: e.messageCode, params: e.params ?? {} } : {}) }];
  }
}

/**
 * What createCustomer checks against the database, for inputs normalisation accepted the shape of:
 * the owner (exists, and the actor may give customers to them; looked up once per owner),
 * required and unique custom fields; it also checks and seals the sensitive fields. Adds the
 * problems to `normalised.errors` and returns them; sets the prepared row's custom values and
 * sealed fields when they pass.
 */
export async function customerDatabaseChecks(ctx: Ctx) {
  const noCustom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: null }, {});
  const ownerErrors = new Map<number, FieldError[]>();
  return async function check(input: CustomerCreateInput, ownerId: number | null, normalised: Normalised): Promise<FieldError[]> {
    const { errors, prepared } = normalised;
    if (normalised.shapeFailed) return errors;
    if (input.idNumber != null || input.bankAccount != null) {
      const sealed = prepareSensitive(ctx.crypto, input, errors);
      if (prepared) Object.assign(prepared.row, sealed);
    }
    if (ownerId !== null) {
      let known = ownerErrors.get(ownerId);
      if (known === undefined) ownerErrors.set(ownerId, (known = await ownerProblems(ctx, ownerId)));
      for (const error of known) errors.push(error);
    }
    const hasCustom = input.custom !== undefined && Object.keys(input.custom).length > 0;
    if (!hasCustom) for (const error of noCustom.errors) errors.push(error);
    else if (prepared) {
      const custom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: null }, input.custom as Record<string, unknown>);
      errors.push(...custom.errors);
      prepared.row.custom = JSON.stringify(custom.custom);
    }
    return errors;
  };
}

/**
 * Validates and normalises input rows with createCustomer's rules. What needs the database
 * (owners, custom field definitions) is looked up once per distinct value, not once per row;
 * only rows that carry custom values check them one by one (uniqueness needs the database).
 */
export async function bulkCustomerPreparer(ctx: Ctx) {
  const check = await customerDatabaseChecks(ctx);
  /** Each input's prepared customer, or every problem it has, in input order. */
  return async function prepareMany(values: unknown[]): Promise<Array<BulkCustomer | FieldError[]>> {
    const results: Array<BulkCustomer | FieldError[]> = [];
    for (const value of values) {
      const input = value as CustomerCreateInput;
      const ownerId = input?.ownerId === undefined ? ctx.actor.userId : input.ownerId;
      const normalised = normaliseInput(input, ownerId, ctx.settings.defaultRegion, nowIso(ctx).slice(0, 10));
      const errors = await check(input, ownerId, normalised);
      results.push(errors.length > 0 || !normalised.prepared ? errors : normalised.prepared);
    }
    return results;
  };
}
