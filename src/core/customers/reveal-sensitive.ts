import type { CustomerSensitiveShape } from '../../domain/customer.ts';
import { codedError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { canRevealSensitive } from '../crypto/reveal-policy.ts';
import { openSealedCustom } from '../crypto/sealed-custom.ts';
import { openSensitive } from '../crypto/sensitive-columns.ts';
import { findCustomerRow } from './customers.repository.ts';

/** A customer's sensitive fields in clear; every reveal is written to the audit log. */
export async function revealSensitive(ctx: Ctx, id: number): Promise<CustomerSensitiveShape> {
  // Refused before any lookup, so the answer says nothing about which customers exist.
  if (!canRevealSensitive(ctx.actor)) {
    throw codedError('forbidden', 'sensitive.role_denied');
  }
  const row = await findCustomerRow(ctx, id);
  const values = openSensitive(ctx.crypto, row);
  const custom = openSealedCustom(ctx.crypto, ctx.dialect.parseJson<Record<string, unknown>>(row.custom));
  const revealed = [
    ...Object.keys(values).filter((field) => values[field as keyof typeof values] !== null),
    ...Object.keys(custom).map((key) => `custom.${key}`),
  ];
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, { action: 'reveal', entity: 'customer', entityId: id, changes: { revealed: [null, revealed] } }),
  );
  return { id, ...values, custom };
}
