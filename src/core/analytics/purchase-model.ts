import { expressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { AnalysisWindow } from '../../domain/analysis-window.ts';
import type { PurchaseModelShape } from '../../domain/analytics.ts';
import { fitBgNbd, type BgNbdFit } from '../../domain/bgnbd.ts';
import { fitGammaGamma, type GammaGammaParams } from '../../domain/gamma-gamma.ts';
import { nowIso, type Ctx } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { EVERY_CUSTOMER_KEY } from './prepare-analysis.ts';
import { figureAt, figuresIn, keptFigures } from './purchase-figures.ts';
import { purchaseHistory } from './purchase-histories.ts';
import { refreshStaleOrderStats } from './refresh-order-stats.ts';

/** The fits read at most this many customers, taken evenly by id: enough for stable parameters, quick on any workspace. */
export const MAX_FIT_CUSTOMERS = 100_000;

/** A day's fit is made again once the currency's orders differ from those it was made on by more than this share. */
export const REFIT_ORDERS_CHANGE = 0.05;

export interface PurchaseModel extends PurchaseModelShape {
  /** `converged` is absent on fits stored before it was recorded */
  bgnbd: (Omit<BgNbdFit, 'customers' | 'converged'> & { converged?: boolean }) | null;
  gammaGamma: (GammaGammaParams & { converged?: boolean }) | null;
}

const everyone = (): Expression<SqlBool> => expressionBuilder<Schema, 'customers'>()('customers.deleted_at', 'is', null);

/** Every `step`-th item, so that at most `max` remain. */
function evenly<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

/** The workspace's orders in `currency` as the per-customer figures count them (kept current on every order write). */
async function ordersIn(ctx: Ctx, currency: string): Promise<number> {
  await refreshStaleOrderStats(ctx);
  const row = await ctx.db
    .selectFrom('customer_order_stats')
    .select((e) => e.fn.sum<number | string | null>('orders').as('orders'))
    .where('currency', '=', currency)
    .executeTakeFirst();
  return Number(row?.orders ?? 0);
}

/** Whether a stored fit still describes the orders: made on about as many as there are now. */
export const fitStillHolds = (storedOrders: number | null, orders: number) => storedOrders === null || Math.abs(orders - storedOrders) <= storedOrders * REFIT_ORDERS_CHANGE;

/**
 * Fits BG/NBD and Gamma-Gamma on the workspace's orders in `currency` up to the window's end:
 * every live customer counts, whoever asks (the parameters describe the business, not anyone's
 * customers). Stored per currency, day and offset; later calls that day reuse it unless `refit`,
 * or unless the currency's orders changed by more than 5 % since (a year of orders imported after
 * the morning's fit would otherwise be scored with parameters that never saw them).
 */
export async function purchaseModel(ctx: Ctx, window: AnalysisWindow, currency: string, refit = false): Promise<PurchaseModel> {
  const asOf = window.to;
  const orders = await ordersIn(ctx, currency);
  if (!refit) {
    const stored = await ctx.db
      .selectFrom('purchase_models')
      .selectAll()
      .where('currency', '=', currency)
      .where('as_of', '=', asOf)
      .where('utc_offset', '=', window.utcOffset)
      .executeTakeFirst();
    if (stored && fitStillHolds(stored.orders === null ? null : Number(stored.orders), orders)) {
      return {
        currency,
        asOf,
        fittedAt: stored.fitted_at,
        customers: Number(stored.customers),
        repeatCustomers: Number(stored.repeat_customers),
        bgnbd: stored.bgnbd === null ? null : ctx.dialect.parseJson(stored.bgnbd),
        gammaGamma: stored.gamma_gamma === null ? null : ctx.dialect.parseJson(stored.gamma_gamma),
      };
    }
  }
  const figures = figuresIn(await keptFigures(ctx, everyone(), { ...window, from: null, fromInstant: null }, [...EVERY_CUSTOMER_KEY]), currency);
  const byId = figures.customerId.map((_, i) => i).sort((a, b) => (figures.customerId[a] as number) - (figures.customerId[b] as number));
  const histories = evenly(byId, MAX_FIT_CUSTOMERS).map((i) => purchaseHistory(figureAt(figures, i), window));
  const bg = fitBgNbd(histories);
  const gg = fitGammaGamma(histories);
  const model: PurchaseModel = {
    currency,
    asOf,
    fittedAt: nowIso(ctx),
    customers: histories.length,
    repeatCustomers: histories.filter((h) => h.x > 0 && h.zbar > 0).length,
    bgnbd: bg === null ? null : { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood, converged: bg.converged },
    gammaGamma: gg === null || !(gg.q > 1) ? null : { p: gg.p, q: gg.q, gamma: gg.gamma, converged: gg.converged },
  };
  const row = {
    currency,
    as_of: asOf,
    utc_offset: window.utcOffset,
    fitted_at: model.fittedAt,
    customers: model.customers,
    repeat_customers: model.repeatCustomers,
    orders,
    bgnbd: model.bgnbd === null ? null : JSON.stringify(model.bgnbd),
    gamma_gamma: model.gammaGamma === null ? null : JSON.stringify(model.gammaGamma),
  };
  await ctx.db
    .insertInto('purchase_models')
    .values(row)
    .onConflict((oc) => oc.columns(['currency', 'as_of', 'utc_offset']).doUpdateSet({ fitted_at: row.fitted_at, customers: row.customers, repeat_customers: row.repeat_customers, orders: row.orders, bgnbd: row.bgnbd, gamma_gamma: row.gamma_gamma }))
    .execute();
  return model;
}
