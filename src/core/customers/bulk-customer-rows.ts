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
}

const checkShape = shapeChecker(CustomerCreate);
const CUSTOM_NOT_SUPPORTED = 'custom field values cannot be bulk-inserted yet; create this customer on its own';

/**
 * Validates and normalises input rows with createCustomer's rules. What needs the database
 * (owners, custom field definitions) is looked up once per distinct value, not once per row.
 */
export async function bulkCustomerPreparer(ctx: Ctx) {
  const noCustom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: null }, {});
  const ownerErrors = new Map<number, FieldError[]>();

  function prepareOne(value: unknown): BulkCustomer | FieldError[] {
    const shapeErrors = checkShape(value);
    if (shapeErrors.length > 0) return shapeErrors;
    const input = value as CustomerCreateInput;
    const draft = { ...input, ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId };
    const normalised = normaliseCustomer(draft, input, [], ctx.settings.defaultRegion);
    const errors = [...normalised.errors];
    if (draft.ownerId != null) errors.push(...(ownerErrors.get(draft.ownerId) ?? []));
    const hasCustom = input.custom !== undefined && Object.keys(input.custom).length > 0;
    errors.push(...(hasCustom ? [{ field: 'custom', message: CUSTOM_NOT_SUPPORTED }] : noCustom.errors));
    if (errors.length > 0 || normalised.row === null) return errors;
    return { row: { ...normalised.row, custom: '{}' }, points: normalised.points, tags: input.tags ?? [] };
  }

  return async function prepareChunk(values: unknown[], firstIndex: number) {
    const owners = new Set(values.map((v) => (v as { ownerId?: unknown } | null)?.ownerId ?? ctx.actor.userId));
    for (const owner of owners) {
      if (typeof owner === 'number' && !ownerErrors.has(owner)) ownerErrors.set(owner, await checkUserRef(ctx, 'ownerId', owner));
    }
    const valid: BulkCustomer[] = [];
    const errors: BulkRowError[] = [];
    values.forEach((value, offset) => {
      const prepared = prepareOne(value);
      if (Array.isArray(prepared)) errors.push(...prepared.map((e) => ({ row: firstIndex + offset, ...e })));
      else valid.push(prepared);
    });
    return { valid, errors };
  };
}
