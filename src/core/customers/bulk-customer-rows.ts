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

/**
 * Validates and normalises input rows with createCustomer's rules. What needs the database
 * (owners, custom field definitions) is looked up once per distinct value, not once per row;
 * only rows that carry custom values check them one by one (uniqueness needs the database).
 */
export async function bulkCustomerPreparer(ctx: Ctx) {
  const noCustom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: null }, {});
  const ownerErrors = new Map<number, FieldError[]>();

  function prepareOne(value: unknown): { input: CustomerCreateInput; prepared: BulkCustomer | null; errors: FieldError[] } | FieldError[] {
    const shapeErrors = checkShape(value);
    if (shapeErrors.length > 0) return shapeErrors;
    const input = value as CustomerCreateInput;
    // Only a missing owner needs a copy of the input: normaliseCustomer reads the draft, never keeps it.
    const draft = input.ownerId === undefined ? { ...input, ownerId: ctx.actor.userId } : input;
    const normalised = normaliseCustomer(draft, input, [], ctx.settings.defaultRegion);
    const errors = normalised.errors;
    if (draft.ownerId != null) for (const error of ownerErrors.get(draft.ownerId) ?? []) errors.push(error);
    const hasCustom = input.custom !== undefined && Object.keys(input.custom).length > 0;
    if (!hasCustom) for (const error of noCustom.errors) errors.push(error);
    if (normalised.row === null) return errors;
    // The row is this call's own: custom joins it (last, as a spread would put it) rather than copying it.
    const prepared = { row: Object.assign(normalised.row, { custom: '{}' }), points: normalised.points, tags: input.tags ?? [] };
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
