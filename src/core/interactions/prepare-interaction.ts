import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { InteractionCreateInput } from '../../domain/interaction.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Ctx } from '../context.ts';
import { checkRecordLinks } from './check-record-links.ts';

/** An interaction as it will be after the write: the create input or the merged patch. */
export type InteractionDraft = Required<Pick<InteractionCreateInput, 'customerId' | 'type' | 'occurredAt'>> &
  Omit<InteractionCreateInput, 'customerId' | 'type' | 'occurredAt'>;

/**
 * Validates a draft and returns the row values; throws one error listing every problem. Links are
 * checked when they are new (`linksChanged`), so a contact deleted later does not block editing a note.
 */
export async function prepareInteraction(ctx: Ctx, input: InteractionDraft, linksChanged = true) {
  const errors: FieldError[] = [];
  const draft = utcFields(input, ['occurredAt'], errors);
  if (linksChanged) {
    const links = await checkRecordLinks(ctx, { customerId: draft.customerId, contactId: draft.contactId ?? null, dealId: draft.dealId ?? null });
    errors.push(...links.errors);
  }
  if (errors.length > 0) throw validationError(errors);
  return {
    customer_id: draft.customerId,
    contact_id: draft.contactId ?? null,
    deal_id: draft.dealId ?? null,
    type: draft.type,
    direction: draft.direction ?? null,
    occurred_at: draft.occurredAt,
    subject: draft.subject == null ? null : normaliseName(draft.subject) || null,
    body: draft.body ?? null,
    duration_seconds: draft.durationSeconds ?? null,
  };
}
