import type { ProductId, Side, Trade } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { RecordedTrade } from '../data/recording.js';
import type { RecentDecimals } from './recent-decimals.js';

/**
 * A recorded trade as the strategy-kit `Trade` the runtime hands to `onTrade`: price and size
 * stay the recording's decimal strings until read, so a strategy (or a fill model with no order
 * to match) that never reads them costs no Decimal.
 */
export class RecordedTradeEvent implements Trade {
  readonly productId: ProductId;
  readonly tradeId: string;
  readonly takerSide: Side;
  readonly time: number;
  readonly #message: RecordedTrade;
  readonly #decimals: RecentDecimals;
  #price: Decimal | undefined;
  #size: Decimal | undefined;

  constructor(message: RecordedTrade, decimals: RecentDecimals) {
    this.productId = message.productId as ProductId;
    this.tradeId = String(message.tradeId);
    this.takerSide = message.takerSide;
    this.time = message.time;
    this.#message = message;
    this.#decimals = decimals;
  }

  get price(): Decimal {
    if (this.#price === undefined) this.#price = this.#decimals.get(this.#message.price);
    return this.#price;
  }

  get size(): Decimal {
    if (this.#size === undefined) this.#size = this.#decimals.get(this.#message.size);
    return this.#size;
  }

  /** Plain JSON (what `JSON.stringify` and test matchers see): price and size as Decimals. */
  toJSON(): Trade {
    return {
      productId: this.productId,
      tradeId: this.tradeId,
      price: this.price,
      size: this.size,
      takerSide: this.takerSide,
      time: this.time,
    };
  }
}
