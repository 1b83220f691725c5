// What stored values are called in each language: the one table that lists, forms, filters and
// exports read. Enumerations are complete (a test compares them with the domain's lists); the
// free-text fields (industry, source, phone labels) name the common values, in either language,
// and show anything else as typed. No TypeBox here: the web app imports this file.
import { regionName, type Language } from './messages.ts';

const EN = {
  kinds: { company: 'Company', person: 'Person' },
  stages: { lead: 'Lead', prospect: 'Prospect', customer: 'Customer', churned: 'Churned', lost: 'Lost' },
  levels: { A: 'A', B: 'B', C: 'C' },
  genders: { male: 'Male', female: 'Female', other: 'Other' },
  interactionTypes: { call: 'Call', email: 'E-mail', meeting: 'Meeting', visit: 'Visit', wechat: 'WeChat', note: 'Note', support: 'Support' },
  directions: { inbound: 'Inbound', outbound: 'Outbound' },
  dealStatuses: { open: 'Open', won: 'Won', lost: 'Lost' },
  orderStatuses: { pending: 'Pending', paid: 'Paid', shipped: 'Shipped', completed: 'Completed', cancelled: 'Cancelled', refunded: 'Refunded' },
  pointLabels: { mobile: 'mobile', work: 'work', home: 'home', fax: 'fax', main: 'main', office: 'office', personal: 'personal', other: 'other' },
  industries: {
    Software: 'Software', Trade: 'Trade', Manufacturing: 'Manufacturing', Electronics: 'Electronics', Healthcare: 'Healthcare', Logistics: 'Logistics',
    Construction: 'Construction', Media: 'Media', Education: 'Education', 'Food & Beverage': 'Food & Beverage', Finance: 'Finance', Retail: 'Retail',
    'Real Estate': 'Real Estate', Government: 'Government', Energy: 'Energy', Agriculture: 'Agriculture', Consulting: 'Consulting', Tourism: 'Tourism',
    Automotive: 'Automotive', Telecommunications: 'Telecommunications', Other: 'Other',
  },
  sources: {
    Referral: 'Referral', Website: 'Website', 'Trade fair': 'Trade fair', 'Cold call': 'Cold call', WeChat: 'WeChat', Partner: 'Partner', Advertising: 'Advertising',
    'Social media': 'Social media', 'Search engine': 'Search engine', Event: 'Event', Email: 'E-mail', Import: 'Import', Other: 'Other',
  },
};

export type ValueGroup = keyof typeof EN;
type Names = { [G in ValueGroup]: Record<keyof (typeof EN)[G], string> };

const ZH: Names = {
  kinds: { company: '企业', person: '个人' },
  stages: { lead: '线索', prospect: '潜在客户', customer: '成交客户', churned: '流失', lost: '丢单' },
  levels: { A: 'A 类', B: 'B 类', C: 'C 类' },
  genders: { male: '男', female: '女', other: '其他' },
  interactionTypes: { call: '电话', email: '邮件', meeting: '会议', visit: '拜访', wechat: '微信', note: '备注', support: '服务' },
  directions: { inbound: '呼入', outbound: '呼出' },
  dealStatuses: { open: '进行中', won: '赢单', lost: '输单' },
  orderStatuses: { pending: '待付款', paid: '已付款', shipped: '已发货', completed: '已完成', cancelled: '已取消', refunded: '已退款' },
  pointLabels: { mobile: '手机', work: '工作', home: '家庭', fax: '传真', main: '总机', office: '办公', personal: '个人', other: '其他' },
  industries: {
    Software: '软件', Trade: '贸易', Manufacturing: '制造业', Electronics: '电子', Healthcare: '医疗健康', Logistics: '物流',
    Construction: '建筑建材', Media: '文化传媒', Education: '教育', 'Food & Beverage': '餐饮食品', Finance: '金融', Retail: '零售',
    'Real Estate': '房地产', Government: '政府机构', Energy: '能源', Agriculture: '农业', Consulting: '咨询', Tourism: '旅游',
    Automotive: '汽车', Telecommunications: '通信', Other: '其他',
  },
  sources: {
    Referral: '转介绍', Website: '官网', 'Trade fair': '展会', 'Cold call': '陌生电话', WeChat: '微信', Partner: '合作伙伴', Advertising: '广告',
    'Social media': '社交媒体', 'Search engine': '搜索引擎', Event: '活动', Email: '邮件', Import: '导入', Other: '其他',
  },
};

/** Every group's names per language, for i18next resources and the key check. */
export const DISPLAY_NAMES: Record<Language, Names> = { en: EN, zh: ZH };

// Free text may hold the name in either language ("Website", "website", "官网"): all lead to the stored key.
const FREE_TEXT: ValueGroup[] = ['pointLabels', 'industries', 'sources'];
const keyIndex = new Map<ValueGroup, Map<string, string>>();
for (const group of FREE_TEXT) {
  const index = new Map<string, string>();
  for (const language of ['en', 'zh'] as const) {
    for (const [key, name] of Object.entries(DISPLAY_NAMES[language][group])) {
      index.set(key.toLowerCase(), key);
      index.set((name as string).toLowerCase(), key);
    }
  }
  keyIndex.set(group, index);
}

/** A stored value's name in the language ("lead" → 线索, "Website" → 官网, "CN" → 中国); anything unknown as it is. */
export function displayName(language: Language, group: ValueGroup | 'countries', value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (group === 'countries') return regionName(language, value);
  const names = DISPLAY_NAMES[language][group] as Record<string, string>;
  const key = keyIndex.get(group)?.get(value.trim().toLowerCase()) ?? value;
  return names[key] ?? value;
}
