/**
 * The bot's portfolio in its reports: the status line while it runs, and the final positions and
 * balances for the summary (balances as the exchange itself reports them).
 */
import type { Product } from '@tradeloop/rest';
import type { Runtime } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import type { EmitBotEvent } from './activity-reporter.js';
import type { BotEvent, ProductStatus } from './bot-events.js';
import type { BalanceSummary, FinalState } from './output/summary.js';

/** What the reports need of a product, whichever API listed it (Exchange's field names). */
export type ReportedProduct = Pick<Product, 'id' | 'base_currency' | 'quote_currency' | 'quote_increment'>;

/**
 * PnL in the summary: average-cost accounting divides, so realized and unrealized PnL can have
 * endless decimals; 12 places keep every meaningful digit (fees and balances stay exact).
 */
export const SUMMARY_PNL_DECIMALS = 12;

/** The status line: price, position, PnL (to the quote increment) and open orders per product. */
export function statusOf(
  runtime: Runtime,
  products: readonly ReportedProduct[],
  lastPrices: ReadonlyMap<string, string>,
): Extract<BotEvent, { type: 'status-reported' }> {
  const snapshot = runtime.snapshot();
  const statuses: ProductStatus[] = products.map((product) => {
    const position = snapshot.positions.find((candidate) => candidate.productId === product.id);
    return {
      productId: product.id,
      price: lastPrices.get(product.id) ?? position?.markPrice?.toFixed(),
      position: position?.size.toFixed() ?? '0',
      baseCurrency: product.base_currency,
      quoteCurrency: product.quote_currency,
      // Average-cost PnL is a ratio with endless decimals; a person reads it to the quote increment.
      realizedPnl: toQuoteDecimals(position?.realizedPnl, product),
      unrealizedPnl: toQuoteDecimals(position?.unrealizedPnl, product),
      fees: toQuoteDecimals(position?.fees, product),
    };
  });
  return { type: 'status-reported', products: statuses, openOrders: snapshot.orders.working };
}

/**
 * Positions from the runtime and balances from the exchange (`readBalances`), after the stop. If the exchange
 * cannot be read, the runtime's projection of the balances is used and the error reported.
 */
export async function finalPortfolio(
  readBalances: () => Promise<ReadonlyArray<{ currency: string } & BalanceSummary>>,
  runtime: Runtime,
  products: readonly ReportedProduct[],
  emit: EmitBotEvent,
): Promise<Pick<FinalState, 'positions' | 'balances'>> {
  const snapshot = runtime.snapshot();
  const positions: FinalState['positions'] = {};
  for (const product of products) {
    const position = snapshot.positions.find((candidate) => candidate.productId === product.id);
    positions[product.id] = {
      size: position?.size.toFixed() ?? '0',
      baseCurrency: product.base_currency,
      quoteCurrency: product.quote_currency,
      realizedPnl: toSummaryDecimals(position?.realizedPnl),
      unrealizedPnl: toSummaryDecimals(position?.unrealizedPnl),
      fees: position?.fees.toFixed() ?? '0',
    };
  }
  const balances: FinalState['balances'] = {};
  try {
    for (const account of await readBalances()) {
      balances[account.currency] = {
        balance: account.balance,
        hold: account.hold,
        available: account.available,
      };
    }
  } catch (error) {
    emit({
      type: 'error-reported',
      source: 'reading final balances',
      code: (error as { code?: string }).code,
      message: error instanceof Error ? error.message : String(error),
    });
    for (const balance of snapshot.balances) {
      balances[balance.currency] = {
        balance: balance.total.toFixed(),
        hold: balance.hold.toFixed(),
        available: balance.available.toFixed(),
      };
    }
  }
  return { positions, balances };
}

function toQuoteDecimals(value: Decimal | undefined, product: ReportedProduct): string {
  if (value === undefined) return '0';
  const places = new Decimal(product.quote_increment).decimalPlaces();
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed();
}

function toSummaryDecimals(value: Decimal | undefined): string {
  if (value === undefined) return '0';
  return value.toDecimalPlaces(SUMMARY_PNL_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed();
}
