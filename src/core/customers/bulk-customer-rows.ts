import type { NormalisedPoint } from '../../domain/contact-point.ts';
import { CustomerCreate, type CustomerCreateInput } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { shapeChecker } from '../records/check-shape.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { normaliseCustomer } from './normalise-customer.ts';

/** One problem with one input row; `row` is its 0-based position in the input. */
export interface BulkRowError {
  row: number;
  field: string;
  message: string;
}

export type PreparedCustomer = NonNullable<ReturnType<typeof normaliseCustomer>['row']> & { custom: string };

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
export function normaliseInput(input: CustomerCreateInput, ownerId: number | null, region: string): Normalised {
  const shapeErrors = checkShape(input);
  if (shapeErrors.length > 0) return { errors: shapeErrors, prepared: null, shapeFailed: true };
  // Only another owner needs a copy of the input: normaliseCustomer reads the draft, never keeps it.
  const draft = input.ownerId === ownerId ? input : { ...input, ownerId };
  const normalised = normaliseCustomer(draft, input, [], region);
  // The row is this call's own: custom joins it (last, as a spread would put it) rather than copying it.
  const prepared = normalised.row === null ? null : { row: Object.assign(normalised.row, { custom: '{}' }), points: normalised.points, tags: input.tags ?? [] };
  return { errors: normalised.errors, prepared, shapeFailed: false };
}

/**
 * Validates and normalises input rows with createCustomer's rules. What needs the database
 * (owners, custom field definitions) is looked up once per distinct value, not once per row;
 * only rows that carry custom values check them one by one (uniqueness needs the database).
 */
export async function bulkCustomerPreparer(ctx: Ctx) {
  const noCustom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: null }, {});
  const ownerErrors = new Map<number, FieldError[]>();

  function prepareOne(value: unknown): { input: CustomerCreateInput; prepared: BulkCustomer | null; errors: FieldError[] } | FieldError[] {
    const input = value as CustomerCreateInput;
    const ownerId = input?.ownerId === undefined ? ctx.actor.userId : input.ownerId;
    const { errors, prepared, shapeFailed } = normaliseInput(input, ownerId, ctx.settings.defaultRegion);
    if (shapeFailed) return errors;
    if (ownerId != null) for (const error of ownerErrors.get(ownerId) ?? []) errors.push(error);
    const hasCustom = input.custom !== undefined && Object.keys(input.custom).length > 0;
    if (!hasCustom) for (const error of noCustom.errors) errors.push(error);
    if (prepared === null) return errors;
    return { input, prepared, errors };
  }

  /** Each input's prepared customer, or every problem it has, in input order. */
  return async function prepareMany(values: unknown[]): Promise<Array<BulkCustomer | FieldError[]>> {
    const owners = new Set(values.map((v) => (v as { ownerId?: unknown } | null)?.ownerId ?? ctx.actor.userId));
    for (const owner of owners) {
      if (typeof owner === 'number' && !ownerErrors.has(owner)) ownerErrors.set(owner, await checkUserRef(ctx, 'ownerId', owner));
    }
    const results: Array<BulkCustomer | FieldError[]> = [];
    for (const value of values) {
      const first = prepareOne(value);
      if (Array.isArray(first)) {
        results.push(first);
        continue;
      }
      const { input, prepared, errors } = first;
      if (prepared && input.custom !== undefined && Object.keys(input.custom).length > 0) {
        const custom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: null }, input.custom);
        errors.push(...custom.errors);
        prepared.row.custom = JSON.stringify(custom.custom);
      }
      results.push(errors.length > 0 || !prepared ? errors : prepared);
    }
    return results;
  };
}
