import type { ImportType } from './import-mapping.ts';

/** A known export layout: exact headers (compared case-insensitively) and what each becomes. */
export interface ImportPreset {
  id: string;
  label: string;
  type: ImportType;
  columns: Record<string, string | null>;
}

const SALESFORCE_SYSTEM = ['ISDELETED', 'MASTERRECORDID', 'PARENTID', 'CREATEDDATE', 'CREATEDBYID', 'LASTMODIFIEDDATE', 'LASTMODIFIEDBYID', 'SYSTEMMODSTAMP', 'LASTACTIVITYDATE', 'OWNERID'];
const ignore = (headers: string[]) => Object.fromEntries(headers.map((h) => [h, null]));

/** Salesforce Data Loader and HubSpot exports (see test/fixtures/crm-exports). */
export const IMPORT_PRESETS: ImportPreset[] = [
  {
    id: 'salesforce-accounts',
    label: 'Salesforce accounts (Data Loader)',
    type: 'customers',
    columns: {
      ID: 'externalId',
      NAME: 'name',
      TYPE: null,
      BILLINGSTREET: 'address',
      BILLINGCITY: 'city',
      BILLINGSTATE: 'province',
      BILLINGPOSTALCODE: null,
      BILLINGCOUNTRY: 'country',
      SHIPPINGSTREET: null,
      SHIPPINGCITY: null,
      SHIPPINGSTATE: null,
      SHIPPINGPOSTALCODE: null,
      SHIPPINGCOUNTRY: null,
      PHONE: 'phones',
      FAX: null,
      WEBSITE: 'website',
      INDUSTRY: 'industry',
      DESCRIPTION: 'notes',
      ACCOUNTSOURCE: 'source',
      ...ignore(SALESFORCE_SYSTEM),
    },
  },
  {
    id: 'salesforce-contacts',
    label: 'Salesforce contacts (Data Loader)',
    type: 'contacts',
    columns: {
      ID: 'externalId',
      ACCOUNTID: 'customerExternalId',
      FIRSTNAME: 'firstName',
      LASTNAME: 'lastName',
      TITLE: 'title',
      PHONE: 'phones',
      MOBILEPHONE: 'phones',
      EMAIL: 'emails',
      BIRTHDATE: 'birthday',
      DESCRIPTION: 'notes',
      ...ignore(SALESFORCE_SYSTEM),
    },
  },
  {
    id: 'hubspot-companies',
    label: 'HubSpot companies',
    type: 'customers',
    columns: {
      'Record ID': 'externalId',
      'Company name': 'name',
      'Company Domain Name': 'website',
      'Website URL': 'website',
      'Phone Number': 'phones',
      Industry: 'industry',
      'Street Address': 'address',
      City: 'city',
      'State/Region': 'province',
      'Country/Region': 'country',
      'Company owner': 'owner',
      'Lifecycle Stage': 'stage',
      Description: 'notes',
      'Create Date': null,
      'Last Activity Date': null,
    },
  },
  {
    id: 'hubspot-contacts',
    label: 'HubSpot contacts',
    type: 'contacts',
    columns: {
      'Record ID': 'externalId',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'emails',
      'Phone Number': 'phones',
      'Mobile Phone Number': 'phones',
      'Company Name': 'customer',
      'Associated Company': 'customer',
      'Job Title': 'title',
      'Contact owner': null,
      'Lifecycle Stage': null,
      'Create Date': null,
      'Last Activity Date': null,
    },
  },
];

const fold = (header: string) => header.trim().toLowerCase();

/** The preset whose headers most of `headers` are, if any (at least 60 % of the file's headers and 3 of them). */
export function detectPreset(headers: string[], type?: ImportType): ImportPreset | null {
  let best: { preset: ImportPreset; score: number } | null = null;
  const present = new Set(headers.map(fold));
  for (const preset of IMPORT_PRESETS) {
    if (type !== undefined && preset.type !== type) continue;
    const known = Object.keys(preset.columns).map(fold);
    const hits = known.filter((h) => present.has(h)).length;
    const score = hits / Math.max(1, present.size);
    if (hits >= 3 && score >= 0.6 && (!best || score > best.score)) best = { preset, score };
  }
  return best?.preset ?? null;
}

/** What `preset` says about `header`: a field, null (ignore), or undefined (not in the preset). */
export function presetField(preset: ImportPreset, header: string): string | null | undefined {
  const wanted = fold(header);
  const key = Object.keys(preset.columns).find((h) => fold(h) === wanted);
  return key === undefined ? undefined : (preset.columns[key] ?? null);
}
