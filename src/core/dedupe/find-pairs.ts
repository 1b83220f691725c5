import type { DuplicateReason } from '../../domain/duplicate-reasons.ts';
import { scorePair, type DedupeRecord } from '../../domain/duplicate-score.ts';

export interface FoundPair {
  a: number;
  b: number;
  score: number;
  reasons: string[];
  reasonCodes: DuplicateReason[];
}

export interface FindPairsOptions {
  minScore: number;
  /** records compared in full within one block; a larger block is compared in a sliding window */
  blockCap?: number;
  window?: number;
  onProgress?: (progress: { phase: string; compared: number; found: number }) => void;
}

const DEFAULT_BLOCK_CAP = 12;
const DEFAULT_WINDOW = 2;
/** The sorted-neighbourhood pass over all names adds little to the blocks: a narrow window. */
const SORTED_WINDOW = 1;
// Pair keys as numbers (a·2^26 + b): exact for ids below 2^26 (67 million), and no string per pair.
const PAIR_KEY_BASE = 2 ** 26;
const CN_MOBILE_LOCAL = /^1\d{10}$/;
/** Pairs at least this likely link the records they share (see compareSharedMatches). */
const STRONG_SCORE = 0.9;
const MOST_STRONG_MATCHES = 8;

type KeysOf = (r: DedupeRecord) => string[];

/** Each word of a name with the initials of the others (smith|j, john|s): a typo in one word still meets its twin. */
function nameParts(r: DedupeRecord): string[] {
  const tokens = r.person?.tokens ?? [];
  if (tokens.length < 2) return [];
  return tokens.map((token, i) => `${token}|${tokens.filter((_, j) => j !== i).map((other) => other[0]).join('')}`);
}

/** The blocking passes: records sharing a key are compared. */
const PASSES: Array<[phase: string, keys: KeysOf]> = [
  // 13812345678@163.com: a mobile number written as the e-mail address meets that phone.
  ['phone', (r) => [...r.phones, ...r.emailDigits.filter((d) => CN_MOBILE_LOCAL.test(d)).map((d) => `+86${d}`)]],
  ['email', (r) => r.emails],
  ['id number', (r) => (r.idKey === null ? [] : [r.idKey])],
  // The name in its own order; swapped orders (Wei Zhang / 张伟) meet in the name-part pass.
  ['name', (r) => (r.person ? [r.person.forward] : r.company ? [r.company.core] : [])],
  ['name part', nameParts],
  // Spaces dropped: "11 coplanddrive" meets "11 copland drive".
  ['address', (r) => (r.address === '' ? [] : [r.address.replaceAll(' ', '')])],
  // The house number with the postcode or the city: a dwelling, whatever became of the street's name.
  ['house number', (r) => (r.streetNumber === '' ? [] : [r.postcode && `${r.streetNumber}|${r.postcode}`, r.city && `${r.streetNumber}@${r.city}`])],
  // A birthday with its year is nearly as personal as an ID number; a postcode groups neighbours.
  ['birthday', (r) => (r.birthday.length === 10 && !r.birthday.startsWith('--') ? [r.birthday] : [])],
  ['postcode', (r) => (r.postcode === '' ? [] : [r.postcode])],
];

/** What a capped block is sorted by, so likely matches sit near each other. */
const neighbourKey = (r: DedupeRecord) => `${r.phones[0] ?? ''}|${r.emails[0] ?? ''}|${r.city}|${r.address}`;
const nameSortKey = (r: DedupeRecord) => (r.person ? r.person.forward : r.company ? r.company.core : '');

/**
 * Candidate pairs by blocking (same phone, e-mail, ID number, pinyin name key or company
 * core) plus a sorted neighbourhood over the names (typos), each pair scored; only pairs
 * scoring at least `minScore` are kept, so memory follows the duplicates, not the pairs tried.
 */
export function findPairs(records: DedupeRecord[], options: FindPairsOptions): FoundPair[] {
  const cap = options.blockCap ?? DEFAULT_BLOCK_CAP;
  const window = options.window ?? DEFAULT_WINDOW;
  const kept = new Map<number, FoundPair>();
  let compared = 0;

  const scoring = { withReasons: false, atLeast: options.minScore };
  /** pairs found through a record that both match strongly, and that record */
  const sharedMatchOf = new Map<number, DedupeRecord>();
  const compare = (x: DedupeRecord, y: DedupeRecord, sharedMatch?: DedupeRecord) => {
    if (x.id === y.id) return;
    compared++;
    const a = x.id < y.id ? x : y;
    const b = a === x ? y : x;
    const key = a.id * PAIR_KEY_BASE + b.id;
    if (kept.has(key)) return;
    const { score } = scorePair(a, b, sharedMatch ? { ...scoring, sharedMatch } : scoring);
    if (score < options.minScore) return;
    kept.set(key, { a: a.id, b: b.id, score, reasons: [], reasonCodes: [] });
    if (sharedMatch) sharedMatchOf.set(key, sharedMatch);
  };

  const compareWindow = (members: DedupeRecord[], size = window) => {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < Math.min(members.length, i + 1 + size); j++) compare(members[i]!, members[j]!);
    }
  };

  const byKey = (x: [string, DedupeRecord], y: [string, DedupeRecord]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
  const compareBlock = (members: DedupeRecord[]) => {
    if (members.length <= cap) {
      for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) compare(members[i]!, members[j]!);
      return;
    }
    const keyed = members.map((m): [string, DedupeRecord] => [neighbourKey(m), m]).sort(byKey);
    compareWindow(keyed.map((k) => k[1]));
  };

  for (const [phase, keysOf] of PASSES) {
    // Most keys belong to one record: it is held as itself, and an array is made only for a second.
    const blocks = new Map<string, DedupeRecord | DedupeRecord[]>();
    for (const record of records) {
      for (const key of keysOf(record)) {
        if (key === '') continue;
        const block = blocks.get(key);
        if (block === undefined) blocks.set(key, record);
        else if (Array.isArray(block)) block.push(record);
        else blocks.set(key, [block, record]);
      }
    }
    for (const block of blocks.values()) if (Array.isArray(block)) compareBlock(block);
    blocks.clear();
    options.onProgress?.({ phase, compared, found: kept.size });
  }

  const sortKeys = records.map(nameSortKey);
  const order = new Uint32Array(records.length).map((_, i) => i).sort((x, y) => (sortKeys[x]! < sortKeys[y]! ? -1 : sortKeys[x]! > sortKeys[y]! ? 1 : 0));
  sortKeys.length = 0;
  compareWindow(Array.from(order, (i) => records[i]!), SORTED_WINDOW);
  options.onProgress?.({ phase: 'sorted names', compared, found: kept.size });

  const paired = new Set<number>();
  for (const pair of kept.values()) paired.add(pair.a).add(pair.b);
  const byId = new Map(records.filter((r) => paired.has(r.id)).map((r) => [r.id, r]));
  compareSharedMatches(kept, byId, compare);
  options.onProgress?.({ phase: 'shared matches', compared, found: kept.size });

  return [...kept.entries()].map(([key, pair]) => {
    const { reasons, reasonCodes } = scorePair(byId.get(pair.a)!, byId.get(pair.b)!, { sharedMatch: sharedMatchOf.get(key) });
    return { ...pair, reasons, reasonCodes };
  });
}

/**
 * Two records that each match a third strongly are compared again with that as evidence: the
 * copies of one person that differ from each other in more fields than from the original. One
 * round, from the pairs the blocks found; a record matching many strongly (a shared line) links none.
 */
function compareSharedMatches(kept: Map<number, FoundPair>, byId: Map<number, DedupeRecord>, compare: (x: DedupeRecord, y: DedupeRecord, via: DedupeRecord) => void): void {
  const strongly = new Map<number, number[]>();
  for (const pair of kept.values()) {
    if (pair.score < STRONG_SCORE) continue;
    for (const [one, other] of [[pair.a, pair.b], [pair.b, pair.a]] as const) {
      const list = strongly.get(one);
      if (list) list.push(other);
      else strongly.set(one, [other]);
    }
  }
  for (const [via, ids] of strongly) {
    if (ids.length < 2 || ids.length > MOST_STRONG_MATCHES) continue;
    const third = byId.get(via)!;
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) compare(byId.get(ids[i]!)!, byId.get(ids[j]!)!, third);
  }
}
