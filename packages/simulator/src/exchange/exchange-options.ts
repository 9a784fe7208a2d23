import type { Clock } from '@tradeloop/clock';
import type { FeeRateSettings } from '../accounts/fee-schedule.js';
import type { CandleHistoryOptions } from '../market/candle-history.js';
import type { SyntheticMarketOptions } from '../market/synthetic-market.js';
import type { ExchangeListenerError } from '../simulator-errors.js';
import type { ProductConfig } from './products.js';

/** How to build an exchange. Every field is optional. */
export interface ExchangeOptions {
  /** Products to list (default: BTC-USD, ETH-USD, ETH-BTC). */
  products?: readonly ProductConfig[];
  /** Seed for ids and the synthetic market (default 1). */
  seed?: number;
  /**
   * Time and timers (default: the wall clock, with timers that never keep the process alive).
   * Pass a `ManualClock` from `@tradeloop/clock` to step time in tests and backtests.
   */
  clock?: Clock;
  /** Default fee rates for new profiles (default maker 0.004, taker 0.006). */
  fees?: FeeRateSettings;
  /** Open orders (incl. untriggered stops) one profile may have per product (default 500). */
  maxOpenOrders?: number;
  /**
   * The synthetic background market (makers and takers) that `start()` sets going: `true` or
   * options to have one, omitted or `false` for a quiet exchange (default).
   */
  market?: boolean | SyntheticMarketOptions;
  /**
   * A deterministic candle history (a seeded random walk from each product's starting price)
   * served by `GET /products/{id}/candles` beside the candles of the exchange's own trades, so a
   * candle download can be tested. Default: none.
   */
  candleHistory?: CandleHistoryOptions;
  /**
   * Told when a listener given to `onEvent` throws. The exchange goes on (the other listeners
   * still get the event). Default: a process warning, so the failure is seen.
   */
  onListenerError?: (error: ExchangeListenerError) => void;
}

/** How to create a profile. */
export interface ProfileOptions {
  /** Starting balances by currency, decimal strings: `{ USD: '10000', BTC: '1' }`. */
  balances?: Record<string, string>;
  /** Fee rates of this profile (default: the exchange's). */
  fees?: FeeRateSettings;
  /** Put the profile under an existing user (self-trade prevention works per user). */
  userId?: string;
  /** Keep done orders, fills and ledger entries (default true; the background market turns it off). */
  keepsHistory?: boolean;
}

/** A created profile. */
export interface ProfileHandle {
  profileId: string;
  userId: string;
}
