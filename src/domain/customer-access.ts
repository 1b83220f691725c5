import { Type, type Static } from 'typebox';
import type { FieldError } from './errors.ts';
import { Id, Literals } from './record.ts';

export const CustomerTransfer = Type.Object(
  {
    ids: Type.Array(Id, { minItems: 1, maxItems: 1000, description: 'the customers to hand over' }),
    ownerId: Id,
  },
  { additionalProperties: false },
);
export type CustomerTransferInput = Static<typeof CustomerTransfer>;

export const TransferResult = Type.Object({ transferred: Type.Integer() });

/** Share with one user or one team: exactly one of userId and teamId. */
export const CustomerShareTarget = Type.Object(
  { userId: Type.Optional(Id), teamId: Type.Optional(Id) },
  { additionalProperties: false },
);
export const CustomerShareCreate = Type.Object(
  { userId: Type.Optional(Id), teamId: Type.Optional(Id), access: Literals(['read', 'write'] as const) },
  { additionalProperties: false },
);
export type CustomerShareTargetInput = Static<typeof CustomerShareTarget>;
export type CustomerShareCreateInput = Static<typeof CustomerShareCreate>;

export const CustomerShare = Type.Object({
  customerId: Id,
  userId: Type.Union([Id, Type.Null()]),
  teamId: Type.Union([Id, Type.Null()]),
  access: Literals(['read', 'write'] as const),
});
export type CustomerShareShape = Static<typeof CustomerShare>;
export const CustomerShareList = Type.Object({ items: Type.Array(CustomerShare, { description: 'users first, then teams, in the order they were shared' }) });
export type CustomerShareListShape = Static<typeof CustomerShareList>;

export function shareTargetErrors(input: CustomerShareTargetInput): FieldError[] {
  if ((input.userId === undefined) === (input.teamId === undefined)) return [{ field: 'userId', message: 'name exactly one of userId and teamId', code: 'share.user_or_team' }];
  return [];
}

/** What the caller may do with one customer and the records that belong to it. */
export const MyCustomerAccess = Type.Object({
  access: Literals(['read', 'write'] as const, { description: 'write: may change the customer and add or change its contacts, deals, orders, interactions, tasks' }),
});
export type MyCustomerAccessShape = Static<typeof MyCustomerAccess>;
