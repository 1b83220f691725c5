import { Type, type Static } from 'typebox';
import { DEFAULT_ANALYTICS_UTC_OFFSET } from './order-stats.ts';
import { Id, Nullable, Timestamp } from './record.ts';

export const MIN_UTC_OFFSET = -720;
export const MAX_UTC_OFFSET = 840;

const utcOffset = Type.Integer({
  minimum: MIN_UTC_OFFSET,
  maximum: MAX_UTC_OFFSET,
  description: 'minutes east of UTC, a multiple of 15 (480 = UTC+8, -300 = UTC-5, 330 = UTC+5:30); where analytics days and months begin',
});

/** The workspace's time: where its days begin for analytics, zone-less import times and exports for people. */
export const WorkspaceTime = Type.Object({
  utcOffset,
  timeZone: Nullable(Type.String({ description: 'the IANA zone it was set from (e.g. Europe/Berlin), or null when set as an offset; exports for people show times in this zone' })),
  isDefault: Type.Boolean({ description: 'true while nobody has set it (UTC+8)' }),
  updatedAt: Nullable(Timestamp),
  updatedBy: Nullable(Id),
  updatedByName: Nullable(Type.String({ description: 'who changed it last; null when never set or set from the command line' })),
});

/** Either an offset or a zone (whose offset today is stored with its name), not both. */
export const WorkspaceTimePatch = Type.Object(
  {
    utcOffset: Type.Optional(utcOffset),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone such as Europe/Berlin: its offset today is stored (daylight saving time is not followed: set it again when the clocks change)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export type WorkspaceTimeShape = Static<typeof WorkspaceTime>;
export type WorkspaceTimePatchInput = Static<typeof WorkspaceTimePatch>;

/** The stored value: a fixed offset, and the zone it came from when it was given as one. */
export type WorkspaceTimeValue = {
  utcOffset: number;
  timeZone: string | null;
};

export const isUtcOffset = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= MIN_UTC_OFFSET && value <= MAX_UTC_OFFSET && value % 15 === 0;

/** The stored setting, falling back to UTC+8 when missing or malformed. */
export function workspaceTimeFrom(stored: unknown): WorkspaceTimeValue {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const offset = value.utcOffset;
  const valid = typeof offset === 'number' && Number.isInteger(offset) && offset >= MIN_UTC_OFFSET && offset <= MAX_UTC_OFFSET;
  return { utcOffset: valid ? offset : DEFAULT_ANALYTICS_UTC_OFFSET, timeZone: valid && typeof value.timeZone === 'string' ? value.timeZone : null };
}

/** "UTC+8", "UTC+5:30", "UTC-3:30", "UTC". */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const mins = abs % 60;
  return `UTC${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}${mins === 0 ? '' : `:${String(mins).padStart(2, '0')}`}`;
}

/** An offset as people type it: "+08:00", "-5", "+5:30", "UTC+8", "0", "480" (minutes); null when it is none of these. */
export function parseUtcOffset(text: string): number | null {
  const t = text.trim().replace(/^(utc|gmt)/i, '');
  if (t === '' || /^[+-]?0+$/.test(t)) return 0;
  const hm = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  const minutes = hm ? (hm[1] === '-' ? -1 : 1) * (Number(hm[2]) * 60 + Number(hm[3] ?? 0)) : /^-?\d{1,4}$/.test(t) ? Number(t) : null;
  return minutes !== null && isUtcOffset(minutes) ? minutes : null;
}

/** The zone's offset from UTC at `at`, in minutes east (Europe/Berlin: 60 in winter, 120 in summer); null for no such zone. */
export function offsetOfZone(zone: string, at: Date): number | null {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name === 'GMT') return 0;
    const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
  } catch {
    return null;
  }
}

/** The offsets the admin page offers, with places that keep them (standard time), in both languages. */
export const UTC_OFFSET_CHOICES: ReadonlyArray<{ minutes: number; en: string; zh: string }> = [
  { minutes: -600, en: 'Honolulu', zh: '檀香山' },
  { minutes: -540, en: 'Anchorage', zh: '安克雷奇' },
  { minutes: -480, en: 'Los Angeles, Vancouver', zh: '洛杉矶、温哥华' },
  { minutes: -420, en: 'Denver, Phoenix', zh: '丹佛、凤凰城' },
  { minutes: -360, en: 'Chicago, Mexico City', zh: '芝加哥、墨西哥城' },
  { minutes: -300, en: 'New York, Toronto', zh: '纽约、多伦多' },
  { minutes: -240, en: 'Santiago, Halifax', zh: '圣地亚哥、哈利法克斯' },
  { minutes: -180, en: 'São Paulo, Buenos Aires', zh: '圣保罗、布宜诺斯艾利斯' },
  { minutes: 0, en: 'London, Lisbon, Reykjavík', zh: '伦敦、里斯本、雷克雅未克' },
  { minutes: 60, en: 'Berlin, Paris, Madrid, Lagos', zh: '柏林、巴黎、马德里、拉各斯' },
  { minutes: 120, en: 'Cairo, Athens, Johannesburg', zh: '开罗、雅典、约翰内斯堡' },
  { minutes: 180, en: 'Moscow, Istanbul, Riyadh', zh: '莫斯科、伊斯坦布尔、利雅得' },
  { minutes: 210, en: 'Tehran', zh: '德黑兰' },
  { minutes: 240, en: 'Dubai, Baku', zh: '迪拜、巴库' },
  { minutes: 270, en: 'Kabul', zh: '喀布尔' },
  { minutes: 300, en: 'Karachi, Tashkent', zh: '卡拉奇、塔什干' },
  { minutes: 330, en: 'Mumbai, New Delhi, Colombo', zh: '孟买、新德里、科伦坡' },
  { minutes: 345, en: 'Kathmandu', zh: '加德满都' },
  { minutes: 360, en: 'Dhaka, Almaty', zh: '达卡、阿拉木图' },
  { minutes: 390, en: 'Yangon', zh: '仰光' },
  { minutes: 420, en: 'Bangkok, Jakarta, Ho Chi Minh City', zh: '曼谷、雅加达、胡志明市' },
  { minutes: 480, en: 'Beijing, Shanghai, Hong Kong, Taipei, Singapore', zh: '北京、上海、香港、台北、新加坡' },
  { minutes: 540, en: 'Tokyo, Seoul', zh: '东京、首尔' },
  { minutes: 570, en: 'Darwin, Adelaide', zh: '达尔文、阿德莱德' },
  { minutes: 600, en: 'Sydney, Melbourne, Vladivostok', zh: '悉尼、墨尔本、符拉迪沃斯托克' },
  { minutes: 660, en: 'Nouméa, Magadan', zh: '努美阿、马加丹' },
  { minutes: 720, en: 'Auckland, Fiji', zh: '奥克兰、斐济' },
  { minutes: 780, en: 'Samoa, Tonga', zh: '萨摩亚、汤加' },
];
