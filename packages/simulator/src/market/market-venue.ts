import type { Clock } from '@tradeloop/clock';
import type { FeeRateSettings } from '../accounts/fee-schedule.js';
import type { Random } from '../core/random.js';
import type { Caller, ExchangeApi, OrderStatusWire } from '../exchange/contract.js';
import type { Product } from '../exchange/products.js';

/**
 * What the synthetic market needs from the exchange it animates, and nothing more: its clock and
 * random source, two profiles of its own, the products, and the same order commands any client
 * uses. `SimulatedExchange` provides it; the market never sees the exchange's insides.
 */
export interface MarketVenue extends Pick<ExchangeApi, 'placeOrder' | 'cancelOrder' | 'products'> {
  /** Drives price steps and background trades. */
  readonly clock: Clock;
  /** The exchange's seeded random source; the market forks its own streams from it. */
  readonly random: Random;
  /** Creates a profile for the background traders. */
  addProfile(options: { balances: Record<string, string>; fees: FeeRateSettings; keepsHistory: boolean }): {
    profileId: string;
  };
  /** A caller for a profile created with {@link MarketVenue.addProfile}. */
  caller(profileId: string): Caller;
  /** An order's status, cheaply (the makers poll their quotes). */
  orderStatus(caller: Caller, id: string): OrderStatusWire | undefined;
  /** The internal product (increments as integer scales). */
  productOf(productId: string): Product | undefined;
  /** The last trade price in ticks, if the product has traded. */
  lastPriceTicks(productId: string): number | undefined;
  /** Every currency of the listed products (the background traders get a balance in each). */
  currencyIds(): readonly string[];
}
