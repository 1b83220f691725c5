import { sql } from 'kysely';
import { BIRTHDAY_DAYS, nextBirthday, reportWindow, type BirthdaysShape, type ReportFilter } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleContacts } from '../contacts/contacts.policy.ts';

const MAX_BIRTHDAYS = 200;
const DAY = 86_400_000;

/** The MM-DD days from today on, for `days` days; 29 February birthdays are kept on 28 February. */
function monthDays(today: string, days: number): string[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  const wanted = Array.from({ length: days }, (_, i) => new Date(start + i * DAY).toISOString().slice(5, 10));
  return wanted.includes('02-28') && !wanted.includes('02-29') ? [...wanted, '02-29'] : wanted;
}

/** Contacts the actor may see whose birthday falls within the next `BIRTHDAY_DAYS` days, soonest first. */
export async function upcomingBirthdays(ctx: Ctx, filter: ReportFilter): Promise<BirthdaysShape> {
  const window = reportWindow(ctx.clock.now(), filter.utcOffset ?? 0);
  const rows = await ctx.db
    .selectFrom('contacts')
    .leftJoin('customers', 'customers.id', 'contacts.customer_id')
    .where(visibleContacts(ctx.actor))
    .where('contacts.deleted_at', 'is', null)
    .where('contacts.birthday', 'is not', null)
    // YYYY-MM-DD or --MM-DD (year unknown): the last five characters are the day of the year
    .where(sql<string>`substr(${sql.ref('contacts.birthday')}, length(${sql.ref('contacts.birthday')}) - 4, 5)`, 'in', monthDays(window.today, BIRTHDAY_DAYS))
    .select(['contacts.id', 'contacts.name', 'contacts.customer_id', 'customers.name as customer_name', 'contacts.birthday'])
    .limit(MAX_BIRTHDAYS)
    .execute();
  const items = rows
    .map((r) => ({
      contactId: Number(r.id),
      name: r.name,
      customerId: r.customer_id === null ? null : Number(r.customer_id),
      customerName: r.customer_name,
      birthday: r.birthday as string,
      next: nextBirthday(r.birthday as string, window.today),
    }))
    .filter((b) => b.next.inDays < BIRTHDAY_DAYS)
    .sort((a, b) => a.next.inDays - b.next.inDays || a.name.localeCompare(b.name));
  return { items };
}
