import type { Clock } from '@tradeloop/clock';
import { AccountBook } from '../accounts/account-book.js';
import type { Random } from '../core/random.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import type { StopBook } from '../engine/stop-book.js';
import type { SideWire } from './contract.js';
import type { Product } from './products.js';
import type { OrderRecord, ProfileState } from './records.js';
import type { TradeRecord, TradeTape } from './trade-tape.js';

/** One product: its book, untriggered stops and trades, and what the command in progress changed. */
export interface ProductState {
  readonly product: Product;
  readonly engine: MatchingEngine<OrderRecord>;
  readonly stops: StopBook<OrderRecord>;
  readonly tape: TradeTape;
  /** The product's feed sequence: one per public message. */
  sequence: number;
  /** Level changes of the command in progress: side, price ticks, size, in order. */
  readonly levelChanges: Array<[SideWire, number, number]>;
  /** The last match of the command in progress (for the ticker), if any. */
  lastMatch: { trade: TradeRecord; takerSide: SideWire; sequence: number } | undefined;
  /** A trade happened since stops were last checked. */
  tradedSinceStopCheck: boolean;
}

/**
 * What the parts of the exchange share: its products, profiles, orders and accounts, its clock
 * and the source of its ids. The façade (`SimulatedExchange`) builds it and hands it to
 * each part; there is no other shared state.
 */
export class ExchangeState {
  readonly products = new Map<string, ProductState>();
  readonly profiles = new Map<string, ProfileState>();
  /** Every order by id (the background market's done orders are forgotten). */
  readonly orders = new Map<string, OrderRecord>();
  /** Balances, holds, ledgers and collected fees. */
  readonly accountBook: AccountBook;

  constructor(
    readonly clock: Clock,
    /** Where order, profile, account and hold ids come from (seeded, so a run replays). */
    readonly idRandom: Random,
  ) {
    this.accountBook = new AccountBook(() => clock.now());
  }

  /** The state of a product the caller already knows exists. */
  productState(productId: string): ProductState {
    return this.products.get(productId) as ProductState;
  }
}
