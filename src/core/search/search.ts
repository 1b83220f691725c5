import { codedField, validationError } from '../../domain/errors.ts';
import { matchReason, rankHits, type SearchHitShape, type SearchResultShape } from '../../domain/search.ts';
import { normaliseQuery } from '../../domain/search-text.ts';
import { normaliseName } from '../../domain/text.ts';
import { loadPoints } from '../contact-points/contact-points.repository.ts';
import { loadCustomerNames } from '../contacts/contacts.repository.ts';
import type { Ctx } from '../context.ts';
import { contactCandidates, customerCandidates, type Candidate } from './search-candidates.ts';

export const DEFAULT_SEARCH_LIMIT = 20;

type Ranked = Candidate & { match: SearchHitShape['match'] };

/**
 * Finds customers and contacts by name, pinyin, initials, company, phone fragment or email,
 * best match first. Reads a capped set of candidates per table and ranks them here; never counts.
 */
export async function search(ctx: Ctx, input: { q: string; limit?: number | undefined }): Promise<SearchResultShape> {
  const query = normaliseQuery(input.q);
  if (query === null) throw validationError([codedField('q', 'search.empty')]);
  const names = [...new Set([normaliseName(input.q), query.text])];
  const [customers, contacts] = await Promise.all([customerCandidates(ctx, query, names), contactCandidates(ctx, query, names)]);
  const matched: Ranked[] = [...customers, ...contacts].map((candidate) => ({
    ...candidate,
    match: matchReason({ ...candidate, foldedName: normaliseQuery(candidate.name)?.text ?? '' }, query),
  }));
  const ranked = rankHits(matched).slice(0, input.limit ?? DEFAULT_SEARCH_LIMIT);
  return { items: await describeHits(ctx, ranked) };
}

/** Phones, emails and company names of the hits shown, in three queries. */
async function describeHits(ctx: Ctx, hits: Ranked[]): Promise<SearchHitShape[]> {
  const ids = (type: Candidate['type']) => hits.filter((h) => h.type === type).map((h) => h.id);
  const [customerPoints, contactPoints, customerNames] = await Promise.all([
    loadPoints(ctx.db, 'customer_id', ids('customer')),
    loadPoints(ctx.db, 'contact_id', ids('contact')),
    loadCustomerNames(ctx.db, hits.filter((h) => h.type === 'contact').map((h) => h.customerId)),
  ]);
  return hits.map((hit) => {
    const points = (hit.type === 'customer' ? customerPoints : contactPoints).get(hit.id);
    const common = {
      type: hit.type,
      id: hit.id,
      name: hit.name,
      pinyin: hit.pinyin,
      phones: points?.phones.map((p) => p.value) ?? [],
      emails: points?.emails.map((p) => p.value) ?? [],
      match: hit.match,
    };
    if (hit.type === 'customer') return common;
    const customerName = hit.customerId === null ? null : (customerNames.get(hit.customerId) ?? null);
    return { ...common, customerId: hit.customerId, customerName };
  });
}
