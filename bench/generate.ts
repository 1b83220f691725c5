import type { CustomerCreateInput } from '../src/domain/customer.ts';

/** mulberry32: a small, fast PRNG, so the same seed gives the same customers on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// [character, pinyin]; 单 曾 解 read shan, zeng, xie as surnames.
const SURNAMES = '王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du 叶ye 程cheng 苏su 魏wei 吕lv 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu 汪wang 范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 方fang 白bai 邹zou 孟meng 熊xiong 秦qin 邱qiu 江jiang 尹yin 薛xue 段duan 雷lei 侯hou 龙long 史shi 陶tao 黎li 贺he 顾gu 毛mao 郝hao 龚gong 邵shao 万wan 钱qian 严yan 武wu 戴dai 莫mo 孔kong 向xiang 汤tang 单shan 解xie'
  .split(' ')
  .map((s) => [s.slice(0, 1), s.slice(1)] as const);
const GIVEN = '伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan 涛tao 明ming 超chao 霞xia 平ping 刚gang 桂gui 英ying 华hua 玉yu 兰lan 萍ping 红hong 文wen 辉hui 力li 建jian 国guo 宇yu 鹏peng 飞fei 波bo 斌bin 宁ning 琳lin 欣xin 婷ting 雪xue 慧hui 颖ying 佳jia 晨chen 浩hao 凯kai 俊jun 博bo 瑞rui 子zi 梓zi 涵han 轩xuan 怡yi 晓xiao 思si 嘉jia 翔xiang 海hai 峰feng 志zhi 秀xiu 春chun 丹dan 云yun 蕾lei 倩qian 新xin 东dong 亮liang 成cheng 林lin 杨yang 振zhen 荣rong 小xiao 天tian'
  .split(' ')
  .map((s) => [s.slice(0, 1), s.slice(1)] as const);
const CN_CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆', '苏州', '天津', '长沙', '郑州', '青岛'];
const BRAND = '星辰 华创 恒通 远航 金桥 鼎盛 天成 瑞丰 博远 宏图 新元 云帆 安信 嘉禾 中科 东方 盛世 卓越 汇智 银河 锦程 万达 明德 启航 正泰'.split(' ');
const TRADE = ['科技', '贸易', '物流', '电子', '餐饮', '医药', '建材', '文化传媒', '信息技术', '机械制造', '服装', '食品'];
const FIRST = 'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Daniel Karen Emily Olivia Lucas Sophie Noah Emma Liam Chloe Ethan Hannah José Zoë Björn Amélie'.split(' ');
const LAST = 'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Carter Müller Schmidt Dubois Rossi Novak Hansen Kowalski OBrien Nguyen'.split(' ');
const LATIN_CITIES = ['San Francisco', 'New York', 'London', 'Berlin', 'Paris', 'Singapore', 'Sydney', 'Toronto', 'Hong Kong', 'Tokyo'];
const LATIN_TRADES = ['Logistics', 'Trading', 'Software', 'Foods', 'Consulting', 'Electronics', 'Design', 'Holdings'];
const CN_MOBILE = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159, 166, 176, 177, 180, 181, 182, 183, 185, 186, 187, 188, 189, 199];
const US_AREAS = [415, 212, 646, 312, 213, 617, 206, 303, 512, 305];
const CN_MAIL = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com'];
const LATIN_MAIL = ['gmail.com', 'outlook.com', 'example.com', 'proton.me', 'company.io'];
const STAGES = ['lead', 'prospect', 'customer', 'churned', 'lost'] as const;
const LEVELS = ['A', 'B', 'C', null] as const;

const toFullWidth = (s: string) => s.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** The input generator, seeded: equal seeds give equal customers. */
export function customerGenerator(seed = 2026) {
  const rnd = random(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');

  function cnMobile(): string {
    const [p, a, b] = [String(pick(CN_MOBILE)), digits(4), digits(4)];
    const formats = [`+86 ${p} ${a} ${b}`, `${p}${a}${b}`, `${p}-${a}-${b}`, `0086 ${p} ${a} ${b}`, toFullWidth(`${p}${a}${b}`), `(+86) ${p}${a}${b}`];
    return pick(formats);
  }
  const cnLandline = () => `${pick(['010', '021'])} ${5 + int(3)}${digits(3)} ${digits(4)}`;
  const usPhone = () => `+1 (${pick(US_AREAS)}) ${2 + int(8)}${digits(2)}-${digits(4)}`;

  function chinesePerson(): CustomerCreateInput {
    const [surname, sp] = pick(SURNAMES);
    const given = Array.from({ length: 1 + int(2) }, () => pick(GIVEN));
    const local = `${sp}${given.map((g) => g[1]).join('')}${rnd() < 0.5 ? 1960 + int(45) : ''}`;
    return {
      kind: 'person',
      name: surname + given.map((g) => g[0]).join(''),
      phones: [{ value: cnMobile(), label: 'mobile' }],
      ...(rnd() < 0.7 ? { emails: [{ value: `${local}@${pick(CN_MAIL)}` }] } : {}),
      city: pick(CN_CITIES),
    };
  }

  function chineseCompany(): CustomerCreateInput {
    const [city, brand, trade] = [pick(CN_CITIES), pick(BRAND), pick(TRADE)];
    return {
      kind: 'company',
      name: `${city}${brand}${trade}有限公司`,
      phones: rnd() < 0.5 ? [{ value: cnLandline(), label: 'office' }] : [{ value: cnMobile() }, { value: cnLandline(), label: 'office' }],
      ...(rnd() < 0.6 ? { emails: [{ value: `info${int(10_000)}@${brand === '中科' ? 'zk' : 'corp'}${int(1000)}.cn` }] } : {}),
      city,
      industry: trade,
    };
  }

  function latinPerson(): CustomerCreateInput {
    const [first, last] = [pick(FIRST), pick(LAST)];
    const local = `${first}.${last}${int(1000)}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    return {
      kind: 'person',
      name: `${first} ${last}`,
      phones: [{ value: rnd() < 0.7 ? usPhone() : cnMobile() }],
      ...(rnd() < 0.85 ? { emails: [{ value: `${local}@${pick(LATIN_MAIL)}` }] } : {}),
      city: pick(LATIN_CITIES),
    };
  }

  function latinCompany(): CustomerCreateInput {
    const name = `${pick(LAST)} ${pick(LATIN_TRADES)} ${pick(['Ltd', 'Inc', 'GmbH', 'LLC'])}`;
    return { kind: 'company', name, phones: [{ value: usPhone(), label: 'office' }], emails: [{ value: `sales${int(100_000)}@${pick(LATIN_MAIL)}` }], city: pick(LATIN_CITIES) };
  }

  /** One customer: ~45 % Chinese persons, ~15 % Chinese companies, ~30 % Latin persons, ~10 % Latin companies. */
  return function next(): CustomerCreateInput {
    const roll = rnd();
    const base = roll < 0.45 ? chinesePerson() : roll < 0.6 ? chineseCompany() : roll < 0.9 ? latinPerson() : latinCompany();
    return { ...base, stage: pick(STAGES), level: pick(LEVELS), ...(rnd() < 0.05 ? { tags: ['vip'] } : {}) };
  };
}

/** `n` generated customers, lazily, so a million of them never sit in memory at once. */
export function* generateCustomers(n: number, seed = 2026): Generator<CustomerCreateInput> {
  const next = customerGenerator(seed);
  for (let i = 0; i < n; i++) yield next();
}
