/** What the demo customers do: the industry stored, and the word in a company's name. */
export const INDUSTRIES = [
  { industry: 'Software', zh: '科技', slug: 'tech', en: 'Software' },
  { industry: 'Trade', zh: '贸易', slug: 'trading', en: 'Trading' },
  { industry: 'Manufacturing', zh: '制造', slug: 'mfg', en: 'Manufacturing' },
  { industry: 'Electronics', zh: '电子', slug: 'electronics', en: 'Electronics' },
  { industry: 'Healthcare', zh: '生物科技', slug: 'bio', en: 'Health' },
  { industry: 'Logistics', zh: '物流', slug: 'logistics', en: 'Logistics' },
  { industry: 'Construction', zh: '建材', slug: 'building', en: 'Building Supplies' },
  { industry: 'Media', zh: '文化传媒', slug: 'media', en: 'Media' },
  { industry: 'Education', zh: '教育咨询', slug: 'edu', en: 'Learning' },
  { industry: 'Food & Beverage', zh: '餐饮管理', slug: 'food', en: 'Foods' },
] as const;

export const SOURCES = { Referral: 5, Website: 5, 'Trade fair': 3, 'Cold call': 2, WeChat: 3, Partner: 2, Advertising: 1 } as const;

export const CUSTOMER_TAGS = ['VIP', '重点客户', 'Key account', 'Newsletter', '展会2025', 'Distributor', '需回访', 'Price-sensitive', 'Government', '老客户'] as const;
export const CONTACT_TAGS = ['决策人', 'Decision maker', 'Technical', '财务', 'Champion'] as const;

export const CHINESE_TITLES = ['总经理', '采购经理', '销售总监', '财务主管', '技术总监', '行政主管', '运营经理', '董事长', '采购专员', '项目经理'] as const;
export const LATIN_TITLES = ['CEO', 'Purchasing Manager', 'Head of Sales', 'CFO', 'CTO', 'Office Manager', 'Operations Manager', 'Procurement Lead', 'Project Manager'] as const;

/** What the demo company sells; prices in fen (CNY minor units). */
export const PRODUCTS = [
  { sku: 'IR-200', zh: '工业路由器 IR-200', en: 'Industrial router IR-200', price: 298_000 },
  { sku: 'GW-10', zh: '智能网关 GW-10', en: 'Smart gateway GW-10', price: 158_000 },
  { sku: 'DAQ-8', zh: '数据采集模块 DAQ-8', en: 'Data acquisition module DAQ-8', price: 86_000 },
  { sku: 'SK-4', zh: '传感器套件 SK-4', en: 'Sensor kit SK-4', price: 42_000 },
  { sku: 'CLOUD-Y', zh: '云平台年度订阅', en: 'Cloud platform, yearly subscription', price: 980_000 },
  { sku: 'SRV-INST', zh: '安装调试服务', en: 'Installation and commissioning', price: 300_000 },
  { sku: 'SRV-MAINT', zh: '年度维保服务', en: 'Annual maintenance', price: 1_200_000 },
  { sku: 'TRN-1', zh: '现场培训（一天）', en: 'On-site training (one day)', price: 450_000 },
] as const;

/** Rough prices in other currencies, in their minor units per fen. */
export const RATE_PER_FEN: Readonly<Record<string, number>> = { CNY: 1, USD: 0.14, EUR: 0.13, GBP: 0.11, SGD: 0.19, AUD: 0.21 };

export const DEAL_TITLES = {
  zh: ['{product}采购项目', '二期扩容', '年度维保续约', '新厂区部署', '{product}试点', '集团统一采购'],
  en: ['{product} rollout', 'Phase 2 expansion', 'Maintenance renewal', 'New site deployment', '{product} pilot', 'Group framework agreement'],
} as const;

type InteractionType = 'call' | 'email' | 'meeting' | 'visit' | 'wechat' | 'note' | 'support';

export const INTERACTION_TEXT: Record<InteractionType, { zh: Array<[string, string]>; en: Array<[string, string]> }> = {
  call: {
    zh: [['电话沟通需求', '客户确认了采购数量，下周发正式报价。'], ['回访电话', '使用正常，对售后响应满意。'], ['价格谈判', '客户希望再降5%，需请示经理。']],
    en: [['Discovery call', 'Confirmed volumes; formal quote due next week.'], ['Follow-up call', 'All running fine, happy with support.'], ['Price discussion', 'Asked for another 5% off; checking with my manager.']],
  },
  email: {
    zh: [['发送报价单', '附件为最新报价，有效期30天。'], ['合同草案', '请法务审阅第7条付款条款。']],
    en: [['Quote sent', 'Latest quote attached, valid for 30 days.'], ['Draft contract', 'Please have legal review the payment terms in clause 7.']],
  },
  meeting: {
    zh: [['方案评审会', '与技术团队过了一遍架构，下一步做POC。'], ['季度业务回顾', '回顾了上季度用量和新需求。']],
    en: [['Solution review', 'Walked their engineers through the architecture; next step a proof of concept.'], ['Quarterly business review', 'Reviewed last quarter’s usage and new needs.']],
  },
  visit: {
    zh: [['上门拜访', '参观了生产线，了解现有设备情况。'], ['现场安装', '完成设备安装调试，客户签收。']],
    en: [['Site visit', 'Toured the plant and saw the current equipment.'], ['On-site installation', 'Installed and commissioned; customer signed off.']],
  },
  wechat: {
    zh: [['微信咨询', '客户询问新品到货时间。'], ['微信发送资料', '发了产品手册和案例。']],
    en: [['WeChat question', 'Asked when the new model ships.'], ['Sent brochure on WeChat', 'Shared the product brochure and case studies.']],
  },
  note: {
    zh: [['备注', '决策链：采购经理推荐，总经理拍板。'], ['竞争情况', '对手报价低10%，但交期长。']],
    en: [['Note', 'Decision chain: purchasing recommends, the CEO decides.'], ['Competition', 'Competitor is 10% cheaper but ships later.']],
  },
  support: {
    zh: [['网关离线', '远程协助重启后恢复。'], ['发票问题', '重新开具增值税专用发票。']],
    en: [['Gateway offline', 'Back online after a remote restart.'], ['Invoice question', 'Re-issued the invoice with the VAT number.']],
  },
};

export const TASK_TITLES = {
  zh: ['跟进报价', '发送合同', '安排演示', '回访客户', '催收尾款', '准备方案', '确认交货时间'],
  en: ['Follow up on quote', 'Send contract', 'Schedule a demo', 'Check in with customer', 'Chase final payment', 'Prepare proposal', 'Confirm delivery date'],
} as const;
