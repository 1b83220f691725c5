import type { ContactCreateInput } from '../../domain/contact.ts';
import { createContact } from '../contacts/create-contact.ts';
import type { Ctx } from '../context.ts';
import { at, between, daysAfter, earliest } from './demo-account.ts';
import { CHINESE_TITLES, CONTACT_TAGS, LATIN_TITLES } from './demo-catalogue.ts';
import type { DemoCustomerPlan } from './demo-customers.ts';
import { chinesePerson, latinPerson } from './demo-names.ts';
import type { Random } from './random.ts';

function planContact(rng: Random, plan: DemoCustomerPlan, customerId: number, index: number): ContactCreateInput {
  const { place, domain } = plan;
  // Foreign staff at Chinese companies and Chinese staff abroad, now and then.
  const isChinese = place.isChinese ? rng.chance(0.9) : rng.chance(0.1);
  const person = isChinese ? chinesePerson(rng) : latinPerson(rng);
  const phones = [{ value: place.mobile(rng), label: 'mobile' }];
  if (rng.chance(0.2)) phones.push({ value: place.landline(rng), label: 'work' });
  const birthYear = rng.int(1962, 1998);
  return {
    customerId,
    name: person.name,
    title: rng.pick(isChinese ? CHINESE_TITLES : LATIN_TITLES),
    gender: person.gender,
    phones,
    ...(domain && rng.chance(0.85) ? { emails: [{ value: `${person.handle}@${domain}`, label: 'work' }] } : {}),
    ...(rng.chance(0.4) ? { birthday: `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` } : {}),
    ...(index === 0 || rng.chance(0.2) ? { tags: [rng.pick(CONTACT_TAGS)] } : {}),
  };
}

/** One to three people at a company customer, entered in the days after the company. */
export async function seedContacts(ctx: Ctx, rng: Random, plan: DemoCustomerPlan, customerId: number): Promise<number[]> {
  if (plan.input.kind !== 'company') return [];
  const count = rng.weighted({ 1: 4, 2: 4, 3: 2 });
  const ids: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const when = between(rng, plan.createdAt, earliest(daysAfter(plan.createdAt, 3), ctx.clock.now()));
    const contact = await createContact(at(ctx, when), planContact(rng, plan, customerId, i));
    ids.push(contact.id);
  }
  return ids;
}
