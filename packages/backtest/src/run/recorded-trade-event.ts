import { type ProductId, plainTrade, type Side, type Trade } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { RecordedTrade } from '../data/recording.js';
import type { RecentDecimals } from './recent-decimals.js';

/**
 * A recorded trade as the strategy-kit `Trade` the runtime hands to `onTrade`: price and size
 * stay the recording's decimal strings until read, so a strategy (or a fill model with no order
 * to match) that never reads them costs no Decimal. They are read through getters on the class,
 * as the live Coinbase venue's trades are, so a plugin sees the same object in both: a spread
 * copy (`{ ...trade }`) keeps the plain fields only, `JSON.stringify` gives all of them. Own
 * accessors would let a spread copy them too, but defining two per trade took about as long as
 * the rest of the replay of that trade. Fields are `declare`d and assigned in the constructor: no
 * class-field or private-field set-up runs per trade.
 */
export class RecordedTradeEvent implements Trade {
  declare readonly productId: ProductId;
  declare readonly tradeId: string;
  declare readonly takerSide: Side;
  declare readonly time: number;
  declare private readonly message: RecordedTrade;
  declare private readonly decimals: RecentDecimals;
  declare private cachedPrice: Decimal | undefined;
  declare private cachedSize: Decimal | undefined;

  constructor(message: RecordedTrade, decimals: RecentDecimals) {
    this.productId = message.productId as ProductId;
    // A number in a hand-written recording (JSON.parse keeps it); a string as the recorder writes it.
    const tradeId = message.tradeId as string | number;
    this.tradeId = typeof tradeId === 'string' ? tradeId : String(tradeId);
    this.takerSide = message.takerSide;
    this.time = message.time;
    this.message = message;
    this.decimals = decimals;
    this.cachedPrice = undefined;
    this.cachedSize = undefined;
  }

  get price(): Decimal {
    this.cachedPrice ??= this.decimals.get(this.message.price);
    return this.cachedPrice;
  }

  get size(): Decimal {
    this.cachedSize ??= this.decimals.get(this.message.size);
    return this.cachedSize;
  }

  /** The same fields as a plain trade (for logs and `JSON.stringify`). */
  toJSON(): Trade {
    return plainTrade(this);
  }
}
