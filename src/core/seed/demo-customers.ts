import type { CustomerCreateInput } from '../../domain/customer.ts';
import { CUSTOMER_TAGS, INDUSTRIES, SOURCES } from './demo-catalogue.ts';
import { chineseCompanyName, chinesePerson, latinCompanyName, latinPerson } from './demo-names.ts';
import { CHINESE_PLACES, FOREIGN_PLACES, type DemoPlace } from './demo-places.ts';
import type { Random } from './random.ts';

export type Stage = NonNullable<CustomerCreateInput['stage']>;

export interface DemoCustomerPlan {
  input: CustomerCreateInput & { stage: Stage };
  createdAt: Date;
  place: DemoPlace;
  /** the company's e-mail domain; null for a person */
  domain: string | null;
}

const DAY = 86_400_000;
const STAGES = { lead: 25, prospect: 22, customer: 38, churned: 8, lost: 7 } as const;
// How long ago a customer in each stage was entered, in days.
const AGE: Record<Stage, [number, number]> = { lead: [3, 120], prospect: [20, 300], customer: [120, 730], churned: [400, 730], lost: [60, 500] };

function level(rng: Random, stage: Stage): CustomerCreateInput['level'] {
  const hasLevel = stage === 'customer' || stage === 'churned' || rng.chance(stage === 'prospect' ? 0.6 : 0.3);
  return hasLevel ? rng.weighted({ A: 25, B: 45, C: 30 }) : null;
}

/** One realistic customer: 45 % Chinese companies, 20 % Chinese persons, 25 % foreign companies, 10 % foreign persons. */
export function planCustomer(rng: Random, now: Date, ownerIds: readonly number[]): DemoCustomerPlan {
  const kind = rng.weighted({ cnCompany: 45, cnPerson: 20, company: 25, person: 10 });
  const place = rng.pick(kind === 'cnCompany' || kind === 'cnPerson' ? CHINESE_PLACES : FOREIGN_PLACES);
  const industry = rng.pick(INDUSTRIES);
  const stage = rng.weighted(STAGES);
  const [minAge, maxAge] = AGE[stage];
  const createdAt = new Date(now.getTime() - rng.int(minAge, maxAge) * DAY - rng.int(0, 10 * 3600) * 1000);
  const tags = rng.sample(CUSTOMER_TAGS, rng.chance(0.4) ? 0 : rng.int(1, 2));
  // A few customers in the shared pool, owned by nobody.
  const ownerId = rng.chance(0.05) ? null : rng.chance(0.1) ? (ownerIds[0] ?? null) : rng.pick(ownerIds.length > 1 ? ownerIds.slice(1) : ownerIds);
  const common = {
    stage,
    level: level(rng, stage),
    source: rng.weighted(SOURCES),
    ownerId,
    country: place.country,
    province: place.province,
    city: place.city,
    address: place.address(rng),
    tags,
    ...(rng.chance(0.15) ? { notes: place.isChinese ? '年底有预算，可重点跟进。' : 'Budget approved for next year; worth a closer look.' } : {}),
  };
  if (kind === 'cnCompany' || kind === 'company') {
    const company = place.isChinese ? chineseCompanyName(rng, place.city, industry) : latinCompanyName(rng, industry.en);
    return {
      input: {
        kind: 'company',
        name: company.name,
        ...common,
        industry: industry.industry,
        ...(rng.chance(0.7) ? { website: `https://www.${company.domain}` } : {}),
        phones: [{ value: place.landline(rng), label: 'work' }],
        emails: [{ value: `${rng.pick(['info', 'sales', 'office', 'contact'])}@${company.domain}`, label: 'work' }],
      },
      createdAt,
      place,
      domain: company.domain,
    };
  }
  const person = place.isChinese ? chinesePerson(rng) : latinPerson(rng);
  const mail = `${person.handle}${rng.chance(0.5) ? rng.int(1, 99) : ''}@${rng.pick(['mail', 'inbox', 'post'])}.example`;
  return {
    input: { kind: 'person', name: person.name, ...common, phones: [{ value: place.mobile(rng), label: 'mobile' }], emails: [{ value: mail, label: 'home' }] },
    createdAt,
    place,
    domain: null,
  };
}
