import { Type, type Static } from 'typebox';
import type { FieldError } from './errors.ts';
import { isStorableMoney } from './money.ts';
import { Currency, CustomValues, Id, ListQueryBase, Literals, LongText, Money, Nullable, optionalFields, RecordMeta, Timestamp } from './record.ts';
import { normaliseName } from './text.ts';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Orders that did not end in a sale: left out of purchase totals. */
export const VOID_ORDER_STATUSES: readonly OrderStatus[] = ['cancelled', 'refunded'];

const Status = Literals(ORDER_STATUSES);
const Product = Type.String({ minLength: 1, maxLength: 200 });
const Sku = Nullable(Type.String({ maxLength: 100 }));
/** The most of one product an order line may hold. */
export const MAX_QUANTITY = 1_000_000_000;
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_QUANTITY });
export const MAX_ORDER_ITEMS = 500;

export const OrderItemInput = Type.Object(
  { product: Product, sku: Type.Optional(Sku), quantity: Quantity, unitPrice: Money },
  { additionalProperties: false },
);
export const OrderItem = Type.Object({ product: Type.String(), sku: Sku, quantity: Quantity, unitPrice: Money, amount: Money });

const Items = Type.Array(OrderItemInput, { minItems: 1, maxItems: MAX_ORDER_ITEMS, description: 'replaced as a whole when given' });
const Total = Type.Optional(
  Type.Integer({ minimum: 0, description: 'optional check, in minor units: refused unless it equals the sum of the items' }),
);

const editable = {
  dealId: Nullable(Id),
  orderNo: Nullable(Type.String({ minLength: 1, maxLength: 100 })),
  status: Status,
  currency: Currency,
  notes: Nullable(LongText),
};

export const OrderCreate = Type.Object(
  { customerId: Id, orderedAt: Timestamp, items: Items, ...optionalFields(editable), custom: Type.Optional(CustomValues), total: Total },
  { additionalProperties: false },
);

export const OrderPatch = Type.Object(
  { ...optionalFields({ customerId: Id, orderedAt: Timestamp, items: Items, ...editable }), custom: Type.Optional(CustomValues), total: Total },
  { additionalProperties: false },
);

export const Order = Type.Object({
  ...RecordMeta,
  customerId: Id,
  orderedAt: Timestamp,
  ...editable,
  total: Money,
  items: Type.Array(OrderItem),
  custom: CustomValues,
});

export const ORDER_SORTS = ['orderedAt', '-orderedAt', 'total', '-total', 'createdAt', '-createdAt'] as const;

const filters = {
  ...ListQueryBase,
  status: Type.Optional(Status),
  orderedFrom: Type.Optional(Timestamp),
  orderedTo: Type.Optional(Timestamp),
  sort: Type.Optional(Literals(ORDER_SORTS)),
};

export const OrderListQuery = Type.Object({ ...filters, customerId: Type.Optional(Id) }, { additionalProperties: false });
export const CustomerOrderListQuery = Type.Object(filters, { additionalProperties: false });

export const PurchaseTotal = Type.Object({
  currency: Type.String(),
  total: Type.Integer({ description: 'sum of order totals, minor units' }),
  count: Type.Integer(),
});

/** A customer's orders (one page) with totals over all their orders that were not cancelled or refunded. */
export const CustomerOrdersPage = Type.Object({
  items: Type.Array(Order),
  nextCursor: Nullable(Type.String()),
  totals: Type.Array(PurchaseTotal),
});

export type OrderItemInputShape = Static<typeof OrderItemInput>;
export type OrderItemShape = Static<typeof OrderItem>;
export type OrderCreateInput = Static<typeof OrderCreate>;
export type OrderPatchInput = Static<typeof OrderPatch>;
export type OrderShape = Static<typeof Order>;
export type OrderListFilter = Static<typeof OrderListQuery>;
export type PurchaseTotalShape = Static<typeof PurchaseTotal>;

/** Item amounts (quantity × unit price) and the order total, in integer minor units. */
export function priceItems(items: OrderItemInputShape[]): { items: OrderItemShape[]; total: number; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let total = 0;
  const priced = items.map((item, i) => {
    const product = normaliseName(item.product);
    if (!product) errors.push({ field: `items[${i}].product`, message: 'must not be blank', code: 'field.empty' });
    const amount = item.quantity * item.unitPrice;
    if (!isStorableMoney(amount)) errors.push({ field: `items[${i}].unitPrice`, message: 'quantity × unit price is too large to store', code: 'order.line_too_large' });
    total += amount;
    const sku = item.sku == null ? null : normaliseName(item.sku) || null;
    return { product, sku, quantity: item.quantity, unitPrice: item.unitPrice, amount };
  });
  if (errors.length === 0 && !isStorableMoney(total)) errors.push({ field: 'items', message: 'the order total is too large to store', code: 'order.total_too_large' });
  return { items: priced, total, errors };
}
