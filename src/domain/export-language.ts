import { displayName, type ValueGroup } from './display-names.ts';
import type { Language } from './messages.ts';
import { displayPhone } from './phone-display.ts';

// Chinese headers are words the importer recognises, so a Chinese export imports back.
const HEADERS_ZH: Record<string, string> = {
  Name: '名称',
  'External id': '外部编号',
  Kind: '客户类型',
  Phones: '电话',
  Emails: '邮箱',
  Stage: '阶段',
  Level: '级别',
  Source: '来源',
  Industry: '行业',
  'Owner email': '负责人',
  Owner: '负责人',
  Country: '国家',
  Province: '省份',
  City: '城市',
  District: '区县',
  Address: '地址',
  Postcode: '邮编',
  Website: '网站',
  Birthday: '生日',
  Notes: '备注',
  Tags: '标签',
  'ID number (masked)': '身份证号（已遮盖）',
  'Bank account (masked)': '银行账号（已遮盖）',
  'Created at': '创建时间',
  'Updated at': '更新时间',
  'Kehu id': 'kehu 编号',
  'Customer kehu id': '客户 kehu 编号',
  Customer: '客户',
  Title: '职位',
  Gender: '性别',
};

/** Every English export header, for the check that each has its Chinese one. */
export const EXPORT_HEADERS_ZH: Readonly<Record<string, string>> = HEADERS_ZH;

/**
 * How an export writes what a person reads. Without a language it is the machine form the API
 * always gave (English headers, stored codes, UTC times); with one, headers and stored values are
 * in that language and times are local to `timeZone`.
 */
export interface ExportWording {
  header(english: string): string;
  /** a custom field's column: its key for machines, its label for people */
  customHeader(field: { key: string; label: string; sensitive: boolean }): string;
  value(group: ValueGroup | 'countries', stored: string | null): string;
  time(iso: string): string;
  /** a stored phone: E.164 for machines, the workspace's display format for people */
  phone(e164: string): string;
  /** whether this is the people's form (owners by name) rather than the machine form (owners by e-mail) */
  isForPeople: boolean;
  /** the XLSX sheet's tab: the entity for machines, its name for people (客户, Contacts) */
  sheet(entity: 'customers' | 'contacts'): string;
  /** the file name's date, "20261206": the day in UTC for machines, in the file's time zone for people (as its times) */
  day(now: Date): string;
}

const SHEETS = { zh: { customers: '客户', contacts: '联系人' }, en: { customers: 'Customers', contacts: 'Contacts' } } as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-01-15 17:30:05" in the zone: what a spreadsheet shows and sorts as a date and time. */
export function localTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${pad(Number(parts.month))}-${pad(Number(parts.day))} ${pad(Number(parts.hour))}:${pad(Number(parts.minute))}:${pad(Number(parts.second))}`;
}

/** Whether the zone is one this system knows (an IANA name such as Asia/Shanghai, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Zones with a fixed offset that is not a whole hour, and no daylight saving time today. */
const FRACTIONAL_ZONES: Readonly<Record<number, string>> = {
  [-570]: 'Pacific/Marquesas',
  210: 'Asia/Tehran',
  270: 'Asia/Kabul',
  330: 'Asia/Kolkata',
  345: 'Asia/Kathmandu',
  390: 'Asia/Yangon',
  525: 'Australia/Eucla',
  570: 'Australia/Darwin',
};

/**
 * A time zone whose clock is `minutes` east of UTC all year (Etc/GMT-8 for 480: the IANA names
 * count the other way), or null for an offset no such zone has.
 */
export function zoneOfUtcOffset(minutes: number): string | null {
  if (minutes === 0) return 'UTC';
  if (minutes % 60 === 0 && minutes >= -720 && minutes <= 840) return `Etc/GMT${minutes > 0 ? '-' : '+'}${Math.abs(minutes / 60)}`;
  return FRACTIONAL_ZONES[minutes] ?? null;
}

export function exportWording(language: Language | null, timeZone: string, region: string): ExportWording {
  if (language === null) {
    return {
      header: (english) => english,
      customHeader: (f) => (f.sensitive ? `custom:${f.key} (masked)` : `custom:${f.key}`),
      value: (_group, stored) => stored ?? '',
      time: (iso) => iso,
      phone: (e164) => e164,
      isForPeople: false,
      sheet: (entity) => entity,
      day: (now) => now.toISOString().slice(0, 10).replaceAll('-', ''),
    };
  }
  const masked = language === 'zh' ? '（已遮盖）' : ' (masked)';
  return {
    header: (english) => (language === 'zh' ? (HEADERS_ZH[english] ?? english) : english),
    customHeader: (f) => (f.sensitive ? `${f.label}${masked}` : f.label),
    value: (group, stored) => displayName(language, group, stored),
    time: (iso) => localTime(iso, timeZone),
    phone: (e164) => displayPhone(e164, region),
    isForPeople: true,
    sheet: (entity) => SHEETS[language][entity],
    day: (now) => localTime(now.toISOString(), timeZone).slice(0, 10).replaceAll('-', ''),
  };
}
