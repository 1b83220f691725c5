export interface ChurnFacts {
  /** days since the last purchase, up to the day the analysis stands on */
  daysSinceLast: number;
  /** purchase days after the first (repeat purchases) */
  repeatPurchases: number;
  /** mean days between purchase days, or null with no repeat purchase */
  usualGapDays: number | null;
}

export interface Words {
  en: string;
  zh: string;
}

/** A span of days in the unit a person would use: days, weeks, months or years. */
export function span(days: number): Words {
  const d = Math.max(0, Math.round(days));
  if (d < 14) return { en: d === 1 ? '1 day' : `${d} days`, zh: `${d}天` };
  if (d < 60) {
    const w = Math.round(d / 7);
    return { en: `${w} weeks`, zh: `${w}周` };
  }
  if (d < 730) {
    const m = Math.round(d / 30.44);
    return { en: `${m} months`, zh: `${m}个月` };
  }
  const y = Math.round((d / 365.25) * 10) / 10;
  return { en: `${y} years`, zh: `${y}年` };
}

/** Why a customer looks as likely to be lost as they do, in English and Chinese. */
export function churnReason(facts: ChurnFacts): Words {
  const since = span(facts.daysSinceLast);
  const ago = facts.daysSinceLast < 1 ? { en: 'today', zh: '今天' } : { en: `${since.en} ago`, zh: `${since.zh}前` };
  if (facts.usualGapDays === null || facts.repeatPurchases === 0) {
    return {
      en: `one purchase, ${ago.en}; too little history to judge`,
      zh: `仅购买过一次（${ago.zh}），历史太少，无法判断`,
    };
  }
  const gap = span(facts.usualGapDays);
  const overdue = facts.usualGapDays > 0 ? facts.daysSinceLast / facts.usualGapDays : 0;
  const late = overdue >= 2 ? { en: ` (${Math.round(overdue)}× the usual gap)`, zh: `（已是平常间隔的${Math.round(overdue)}倍）` } : { en: '', zh: '' };
  return {
    en: `last purchase ${ago.en}, usually buys every ${gap.en}${late.en}`,
    zh: `最近一次购买在${ago.zh}，通常每${gap.zh}购买一次${late.zh}`,
  };
}
