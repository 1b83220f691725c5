import { nameKeys } from './pinyin.ts';
import { tokenSimilarity } from './similarity.ts';
import { foldWidth, stripDiacritics } from './text.ts';

/** A company name reduced to what tells companies apart. */
export interface CompanyName {
  /** the distinctive part in pinyin or Latin, without spaces: 北京星辰科技有限公司 → xingchen */
  core: string;
  /** the distinctive words of a Latin name (one word for a Chinese one) */
  words: string[];
  /** canonical trade words (科技 / Tech / Technology → tech): weak evidence */
  trades: string[];
  /** a city or province named in it (pinyin), if any */
  place: string | null;
}

const HAN_SUFFIXES = ['股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '分公司', '总公司', '集团', '公司', '工作室', '商行', '事务所'];
const HAN_PLACES =
  '北京 上海 天津 重庆 广州 深圳 杭州 成都 武汉 南京 西安 苏州 长沙 郑州 青岛 厦门 宁波 无锡 大连 沈阳 济南 哈尔滨 长春 福州 合肥 昆明 南昌 南宁 贵阳 太原 石家庄 兰州 海口 呼和浩特 乌鲁木齐 拉萨 银川 西宁 东莞 佛山 珠海 温州 香港 澳门 台北 广东 江苏 浙江 山东 河南 河北 湖南 湖北 四川 福建 安徽 江西 广西 云南 贵州 山西 陕西 辽宁 吉林 黑龙江 内蒙古 新疆 西藏 宁夏 青海 甘肃 海南 台湾'.split(' ');
const PLACE_SUFFIX = /^[省市区县]/;
// Longest first, so 信息技术 wins over 技术 and 文化传媒 over 传媒.
const HAN_TRADES: Array<[string, string]> = (
  [
    ['信息技术', 'it'], ['网络科技', 'tech'], ['文化传媒', 'media'], ['机械制造', 'machinery'], ['电子商务', 'ecommerce'], ['生物科技', 'biotech'],
    ['科技', 'tech'], ['技术', 'tech'], ['贸易', 'trade'], ['商贸', 'trade'], ['物流', 'logistics'], ['电子', 'electronics'], ['餐饮', 'catering'],
    ['医药', 'pharma'], ['建材', 'building'], ['传媒', 'media'], ['文化', 'media'], ['机械', 'machinery'], ['制造', 'machinery'], ['服装', 'apparel'],
    ['食品', 'food'], ['咨询', 'consulting'], ['设计', 'design'], ['软件', 'software'], ['实业', 'industry'], ['投资', 'investment'], ['控股', 'holdings'],
    ['发展', 'development'], ['国际', 'international'], ['工程', 'engineering'], ['管理', 'management'], ['服务', 'services'], ['网络', 'internet'],
  ] as Array<[string, string]>
).sort((a, b) => b[0].length - a[0].length);

const LEGAL_WORDS = new Set(['co', 'company', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'gmbh', 'corp', 'corporation', 'plc', 'ag', 'sa', 'bv', 'pte', 'pty', 'llp', 'lp', 'kg', 'group', 'the', 'and', 'of']);
const LATIN_TRADES: Record<string, string> = {
  tech: 'tech', technology: 'tech', technologies: 'tech', trading: 'trade', trade: 'trade', commerce: 'trade', logistics: 'logistics',
  electronics: 'electronics', electronic: 'electronics', catering: 'catering', pharma: 'pharma', pharmaceutical: 'pharma',
  pharmaceuticals: 'pharma', media: 'media', culture: 'media', machinery: 'machinery', manufacturing: 'machinery', apparel: 'apparel',
  clothing: 'apparel', garment: 'apparel', food: 'food', foods: 'food', consulting: 'consulting', design: 'design', software: 'software',
  industrial: 'industry', industries: 'industry', industry: 'industry', investment: 'investment', investments: 'investment', holdings: 'holdings',
  holding: 'holdings', development: 'development', international: 'international', engineering: 'engineering', management: 'management',
  services: 'services', service: 'services', internet: 'internet', network: 'internet', it: 'it', ecommerce: 'ecommerce', biotech: 'biotech',
  building: 'building', materials: 'building',
};
const LATIN_PLACES = new Set(HAN_PLACES.map((p) => nameKeys(p, { isPerson: false }).pinyin).concat(['hongkong', 'hk', 'china', 'prc']));
const BRACKETED = /[(（[【]([^)）\]】]*)[)）\]】]/g;
const HAN = /\p{Script=Han}/u;
const NON_WORD = /[^\p{L}\p{N}]+/u;

function stripHanSuffixes(text: string): string {
  let rest = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of HAN_SUFFIXES) {
      if (rest.length > suffix.length && rest.endsWith(suffix)) {
        rest = rest.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return rest;
}

function hanCompany(text: string, place: string | null): CompanyName {
  let rest = stripHanSuffixes(text);
  let where = place;
  const prefix = HAN_PLACES.find((p) => rest.startsWith(p) && rest.length > p.length);
  if (prefix) {
    rest = rest.slice(prefix.length).replace(PLACE_SUFFIX, '');
    where ??= nameKeys(prefix, { isPerson: false }).pinyin;
  }
  const trades: string[] = [];
  for (let found = true; found; ) {
    found = false;
    for (const [word, trade] of HAN_TRADES) {
      if (rest.length > word.length && rest.endsWith(word)) {
        rest = rest.slice(0, -word.length);
        trades.unshift(trade);
        found = true;
        break;
      }
    }
  }
  const core = nameKeys(rest, { isPerson: false }).pinyin;
  return { core, words: [core], trades, place: where };
}

function latinCompany(text: string, place: string | null): CompanyName {
  const all = stripDiacritics(text.toLowerCase()).replace(/&/g, ' and ').split(NON_WORD).filter(Boolean);
  const kept = all.filter((w) => !LEGAL_WORDS.has(w));
  const trades = kept.filter((w) => LATIN_TRADES[w] !== undefined).map((w) => LATIN_TRADES[w] as string);
  let where = place;
  const distinctive = kept.filter((w) => {
    if (LATIN_TRADES[w] !== undefined) return false;
    if (LATIN_PLACES.has(w)) {
      where ??= w;
      return false;
    }
    return true;
  });
  const words = distinctive.length > 0 ? distinctive : kept;
  return { core: words.join(''), words, trades: [...new Set(trades)], place: where };
}

/**
 * Reduces a company name to its distinctive core, trade words and place: 北京星辰科技有限公司,
 * 星辰科技 and "Xingchen Tech Co., Ltd." all give core `xingchen`, trade `tech`.
 */
export function companyName(name: string): CompanyName {
  let place: string | null = null;
  const text = foldWidth(name)
    .replace(BRACKETED, (_, inner: string) => {
      const p = inner.trim();
      if (HAN_PLACES.includes(p.replace(/[省市]$/, ''))) place = nameKeys(p.replace(/[省市]$/, ''), { isPerson: false }).pinyin;
      else if (LATIN_PLACES.has(p.toLowerCase().replace(/\s+/g, ''))) place = p.toLowerCase().replace(/\s+/g, '');
      return ' ';
    })
    .trim();
  const parts = HAN.test(text) ? hanCompany(text.replace(/\s+/g, ''), place) : latinCompany(text, place);
  if (parts.core === '' && parts.trades.length > 0) return { ...parts, core: parts.trades.join(''), words: parts.trades };
  return parts;
}

/** Block key of a company: its core (with the first trade, when the core is short and common). */
export function companyKey(company: CompanyName): string {
  return company.core;
}

/** How alike two company names are, 0..1: the cores decide; differing trades or places lower it. */
export function compareCompanyNames(a: CompanyName, b: CompanyName): number {
  if (a.core === '' || b.core === '') return 0;
  let similarity = tokenSimilarity(a.words, b.words);
  const shorter = a.core.length < b.core.length ? a.core : b.core;
  const longer = shorter === a.core ? b.core : a.core;
  if (shorter.length >= 4 && longer.includes(shorter)) similarity = Math.max(similarity, 0.9);
  if (a.trades.length > 0 && b.trades.length > 0 && !a.trades.some((t) => b.trades.includes(t))) similarity *= 0.8;
  if (a.place !== null && b.place !== null && a.place !== b.place) similarity *= 0.9;
  return similarity;
}
