/**
 * What the bot reports while it runs, in its own words. `main.ts` translates the runtime's, the
 * feed's and the venue's events into these; the console and the summary only ever read these,
 * so neither depends on the packages' event shapes. Money and sizes are decimal strings.
 */

/** Buy or sell, as on the wire. */
export type Side = 'buy' | 'sell';

/** An order as the strategy asked for it, once it has its client order id. */
export interface OrderDescription {
  clientOrderId: string;
  productId: string;
  side: Side;
  orderType: 'limit' | 'market' | 'stop';
  price?: string;
  size?: string;
  funds?: string;
}

/** One fill of one of the bot's orders. `tradeId` is unique per product. */
export interface FillDescription {
  tradeId: string;
  orderId: string;
  clientOrderId: string | undefined;
  productId: string;
  side: Side;
  price: string;
  size: string;
  fee: string;
  liquidity: 'maker' | 'taker' | undefined;
}

/** The per-product part of a status line. */
export interface ProductStatus {
  productId: string;
  /** Last trade or mid price; `undefined` before the first tick. */
  price: string | undefined;
  /** Signed position in the base currency. */
  position: string;
  baseCurrency: string;
  quoteCurrency: string;
  /** Realized PnL before fees (as in the summary); `fees` are what the fills cost. */
  realizedPnl: string;
  unrealizedPnl: string;
  fees: string;
}

/** What became of an external signal (`--signals-listen`) so far. Sizes are decimal strings. */
export interface SignalDescription {
  id: string;
  /** accepted, placed, filled, canceled, completed, denied or failed. */
  status: string;
  productId: string;
  action: string;
  /** When the bot received it (ISO 8601). */
  receivedAt: string;
  /** The orders it led to, by client order id. */
  orders: Array<{ clientOrderId: string; status: string; filledSize: string }>;
  /** For denied and failed: a stable reason (e.g. max_order_notional, unknown_product). */
  reason?: string;
  message?: string;
}

/** Everything the bot reports. Names are past tense: each says what has happened. */
export type BotEvent =
  | { type: 'bot-started'; venue: string; strategy: string; products: string[]; journal: string | undefined }
  | { type: 'feed-connected'; url: string }
  | { type: 'feed-subscribed'; channels: string[]; products: string[] }
  | { type: 'feed-disconnected'; reason: string }
  | { type: 'feed-reconnecting'; attempt: number; delayMs: number }
  | { type: 'feed-reconnected' }
  | { type: 'gap-detected'; productId: string; channel: string; expected: string; received: string }
  | { type: 'book-resynced'; productId: string; reason: string }
  | { type: 'orders-reconciled'; adopted: number; missedFills: number; detail: string }
  | {
      type: 'journal-replayed';
      path: string;
      orders: number;
      working: number;
      fills: number;
      repairedTornTail: boolean;
      /** The last run did not close the journal (killed, OS crash, power cut). */
      uncleanStop?: boolean;
    }
  | { type: 'signal-raised'; productId: string | undefined; message: string }
  | { type: 'signals-listening'; url: string }
  | { type: 'signal-updated'; signal: SignalDescription }
  | { type: 'signal-refused'; status: number; error: string; field: string | undefined }
  | { type: 'strategy-logged'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'order-placed'; order: OrderDescription }
  | { type: 'order-accepted'; clientOrderId: string; orderId: string; productId: string }
  | { type: 'order-filled'; fill: FillDescription }
  | { type: 'order-completed'; clientOrderId: string; orderId: string | undefined; productId: string }
  | { type: 'order-canceled'; clientOrderId: string; orderId: string | undefined; productId: string }
  | { type: 'order-rejected'; clientOrderId: string; productId: string; reason: string }
  | { type: 'risk-denied'; productId: string | undefined; rule: string; reason: string }
  | { type: 'kill-switch-tripped'; reason: string }
  | { type: 'status-reported'; products: ProductStatus[]; openOrders: number }
  | { type: 'error-reported'; source: string; code: string | undefined; message: string }
  | { type: 'shutdown-started'; reason: string }
  | { type: 'open-orders-canceled'; count: number; confirmed: number }
  | { type: 'bot-stopped'; reason: string; summaryPath: string | undefined };

/** The name of each event kind. */
export type BotEventType = BotEvent['type'];

/** Anything that wants to hear about events: the console, the summary recorder. */
export interface BotEventSink {
  record(event: BotEvent): void;
}
