import type { AnalysisWindow } from '../../domain/analysis-window.ts';
import { localDay } from '../../domain/order-stats.ts';
import { DAYS_PER_PERIOD, type PurchaseSummary } from '../../domain/purchase-summary.ts';
import type { HistoryFigures } from './purchase-figures.ts';

export interface PurchaseHistory extends PurchaseSummary {
  customerId: number;
  firstDay: number;
  lastDay: number;
  total: number;
  orders: number;
  lastOrderAt: string;
}

/** Figures as the purchase models read them: repeat purchase days, ages in weeks, mean repeat value (minor units). */
export function purchaseHistory(f: HistoryFigures, window: AnalysisWindow): PurchaseHistory {
  const firstDay = localDay(f.firstOrderAt, window.utcOffset);
  const lastDay = localDay(f.lastOrderAt, window.utcOffset);
  const x = f.purchaseDays - 1;
  return {
    customerId: f.customerId,
    x,
    tx: (lastDay - firstDay) / DAYS_PER_PERIOD,
    T: (window.endDay - firstDay) / DAYS_PER_PERIOD,
    zbar: x > 0 ? (f.total - f.firstDayTotal) / x : 0,
    firstDay,
    lastDay,
    total: f.total,
    orders: f.orders,
    lastOrderAt: f.lastOrderAt,
  };
}
