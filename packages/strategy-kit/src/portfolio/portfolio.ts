import type { Decimal } from 'decimal.js';
import type { CarriedPosition } from '../execution/journal-records.js';
import { ONE, ZERO } from '../model/decimal.js';
import type { ProductId } from '../model/ids.js';
import type { OrderView } from '../model/order.js';
import type { ProductRules } from '../model/product-rules.js';
import type { Fill } from '../model/reports.js';
import type { Balance } from '../venues/venue.js';
import { Balances } from './balances.js';
import { DailyPnl } from './pnl.js';
import { Positions, type PositionView } from './positions.js';

/** One currency's balance: the exact total, and the estimated hold and available. */
export interface BalanceView {
  readonly currency: string;
  /** Exact: the venue's balance at the snapshot, moved by every fill since. */
  readonly total: Decimal;
  /** total − hold. */
  readonly available: Decimal;
  /** Estimated: the venue's holds at the snapshot plus those of the bot's newer working orders. */
  readonly hold: Decimal;
}

/** A position with its PnL at the mark, for summaries. */
export interface PositionSummary {
  readonly productId: ProductId;
  readonly size: Decimal;
  readonly averageEntryPrice: Decimal | undefined;
  readonly markPrice: Decimal | undefined;
  readonly realizedPnl: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly fees: Decimal;
  readonly netPnl: Decimal;
}

/** What the portfolio reads from the rest of the runtime. */
export interface PortfolioSources {
  rules(productId: string): ProductRules | undefined;
  markPrice(productId: string): Decimal | undefined;
  workingOrders(): Iterable<OrderView>;
  takerFeeRate(): Decimal;
}

/**
 * Positions, balances and PnL of the bot, in Decimal with fees: every fill moves them once.
 * Balances start from a venue snapshot; positions from the journal's fills.
 */
export class Portfolio {
  readonly positions = new Positions();
  readonly #balances = new Balances();
  readonly #dailyPnl = new DailyPnl();
  readonly #sources: PortfolioSources;
  /** Orders created before the snapshot are in the venue's holds already. */
  #snapshotAt = Number.POSITIVE_INFINITY;

  constructor(sources: PortfolioSources) {
    this.#sources = sources;
  }

  /** A new fill: positions and balances move. */
  applyFill(fill: Fill): void {
    this.positions.apply(fill);
    const rules = this.#sources.rules(fill.productId);
    if (rules !== undefined) this.#balances.applyFill(fill, rules);
  }

  /** A fill from the journal (before this run): positions only; the balance snapshot holds it. */
  restoreFill(fill: Fill): void {
    this.positions.apply(fill);
  }

  /** A position a journal compaction carried over (before the journal's remaining fills). */
  restorePosition(carried: CarriedPosition): void {
    this.positions.get(carried.productId).restore(carried);
  }

  /** Bases the balances on a venue snapshot requested at `requestedAt` (ms). */
  resetBalances(balances: readonly Balance[], requestedAt: number): void {
    this.#balances.reset(balances, requestedAt);
    this.#snapshotAt = requestedAt;
  }

  position(productId: ProductId): PositionView {
    return this.positions.get(productId);
  }

  balance(currency: string): BalanceView {
    const total = this.#balances.total(currency);
    let hold = this.#balances.venueHold(currency);
    for (const order of this.#sources.workingOrders()) {
      if (order.createdAt < this.#snapshotAt) continue;
      const rules = this.#sources.rules(order.productId);
      if (rules === undefined) continue;
      const remaining = order.remainingSize;
      if (order.side === 'sell' && currency === rules.baseCurrency && remaining !== undefined)
        hold = hold.plus(remaining);
      if (order.side === 'buy' && currency === rules.quoteCurrency) {
        const price = order.request.price;
        const cost =
          order.request.funds ??
          (price !== undefined && remaining !== undefined ? price.times(remaining) : ZERO);
        hold = hold.plus(cost.times(ONE.plus(this.#sources.takerFeeRate())));
      }
    }
    if (hold.greaterThan(total)) hold = total;
    return { currency, total, hold, available: total.minus(hold) };
  }

  balances(): BalanceView[] {
    return this.#balances.currencies().map((currency) => this.balance(currency));
  }

  /** Net PnL (realized + unrealized − fees) of every position quoted in `currency`. */
  netPnlIn(currency: string): Decimal {
    let total = ZERO;
    for (const position of this.positions.all()) {
      if (this.#sources.rules(position.productId)?.quoteCurrency !== currency) continue;
      // The daily loss gate asks before every order: a flat position has no unrealized PnL (no
      // mark price to read, which may parse the last trade's), one that never closed a trade or
      // paid a fee adds nothing (no Decimal arithmetic of zeros).
      if (position.size.isZero()) {
        if (position.realizedPnl.isZero() && position.fees.isZero()) continue;
        total = total.plus(position.realizedPnl.minus(position.fees));
        continue;
      }
      const mark = this.#sources.markPrice(position.productId);
      total = total.plus(
        mark === undefined ? position.realizedPnl.minus(position.fees) : position.netPnl(mark),
      );
    }
    return total;
  }

  /** Starts a (UTC) day or the run: today's PnL counts from here, per quote currency. */
  beginDay(now: number, quoteCurrencies: Iterable<string>): void {
    const byCurrency = new Map<string, Decimal>();
    for (const currency of quoteCurrencies) byCurrency.set(currency, this.netPnlIn(currency));
    this.#dailyPnl.beginDay(now, byCurrency);
  }

  /** Today's net PnL in `currency` (what the daily loss limit reads). */
  todayPnl(currency: string): Decimal {
    return this.#dailyPnl.today(currency, this.netPnlIn(currency));
  }

  summaries(): PositionSummary[] {
    return this.positions.all().map((position) => {
      const mark = this.#sources.markPrice(position.productId);
      const unrealizedPnl = mark === undefined ? ZERO : position.unrealizedPnl(mark);
      return {
        productId: position.productId,
        size: position.size,
        averageEntryPrice: position.averageEntryPrice,
        markPrice: mark,
        realizedPnl: position.realizedPnl,
        unrealizedPnl,
        fees: position.fees,
        netPnl: position.realizedPnl.plus(unrealizedPnl).minus(position.fees),
      };
    });
  }
}
