import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * A stored phone (E.164) as people read it in a workspace of `region`: national format for a
 * number of that region ("138 1234 5678"), international otherwise ("+1 212 555 0100"). What
 * cannot be parsed is shown as stored. Light metadata, so the web app can carry it.
 */
export function displayPhone(e164: string, region: string): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  return number.country !== undefined && number.country === (region.toUpperCase() as CountryCode) ? number.formatNational() : number.formatInternational();
}
