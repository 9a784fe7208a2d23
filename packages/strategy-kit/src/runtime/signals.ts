import type { Decimal } from 'decimal.js';
import type { ProductId } from '../model/ids.js';
import type { OrderStatus } from '../model/order-state.js';

/**
 * What a signal asks for: open or add (`buy`, `sell`), flatten the position (`close`), or cancel
 * the bot's working orders on the product (`cancel_all`).
 */
export type SignalAction = 'buy' | 'sell' | 'close' | 'cancel_all';

/** The order type a `buy` or `sell` signal asks for (`close` is always a market order). */
export type SignalOrderType = 'market' | 'limit';

/**
 * An external trading signal (a charting platform's alert, a signal service's message), validated:
 * amounts are `Decimal`s, the product is one the bot was started with or refused on arrival.
 * A strategy receives it in `onSignal(signal, ctx)` and decides what to do.
 */
export interface Signal {
  /** The sender's id for the signal (idempotency key: a second signal with this id is refused). */
  readonly id: string;
  /** When the sender raised it, ms since the Unix epoch. */
  readonly time: number;
  readonly productId: ProductId;
  readonly action: SignalAction;
  readonly type: SignalOrderType;
  /** Amount in the base currency (at most one of `size` and `quoteSize`). */
  readonly size?: Decimal;
  /** Amount in the quote currency. */
  readonly quoteSize?: Decimal;
  /** Limit price (for `type: 'limit'`). */
  readonly price?: Decimal;
  /** Which source delivered it, e.g. `webhook`. */
  readonly source: string;
}

/**
 * Where a signal is in its life:
 * - `accepted` — received, waiting for the strategy;
 * - `placed` — at least one order went to the venue (see `orders` for the client order ids);
 * - `filled` — every order it led to filled;
 * - `canceled` — its orders ended, at least one canceled before filling completely;
 * - `completed` — handled without an order (`cancel_all`, `close` when already flat);
 * - `denied` — refused before reaching the venue: a risk gate, the kill switch, a product the bot
 *   was not started with, a stopping runtime (`reason` is the stable reason);
 * - `failed` — the handler threw, or the venue rejected the order (`reason`, `message`).
 */
export type SignalStatus = 'accepted' | 'placed' | 'filled' | 'canceled' | 'completed' | 'denied' | 'failed';

/** One order a signal led to. Sizes are decimal strings so that a fate can be stored and sent as JSON. */
export interface SignalOrder {
  readonly clientOrderId: string;
  readonly status: OrderStatus;
  readonly filledSize: string;
}

/** What became of a signal so far; plain JSON values only. */
export interface SignalFate {
  readonly id: string;
  readonly status: SignalStatus;
  readonly productId: string;
  readonly action: SignalAction;
  /** The source that delivered it. */
  readonly source: string;
  /** When the runtime received it (runtime clock, ms). */
  readonly receivedAt: number;
  /** When its fate last changed (runtime clock, ms). */
  readonly updatedAt: number;
  readonly orders: readonly SignalOrder[];
  /** For `denied` and `failed`: a stable reason, e.g. `max_order_notional`, `unknown_product`, `rejected`, `handler_failed`. */
  readonly reason?: string;
  /** A sentence for people. */
  readonly message?: string;
}

/** What a {@link SignalSource} hands its signals to (the runtime gives one to each source). */
export interface SignalSink {
  /** The products the bot was started with (for mapping tickers such as `BTCUSD` to `BTC-USD`). */
  readonly productIds: readonly ProductId[];
  /** Hands over a validated signal; returns at once. Its fate comes back through `fateChanged`. */
  submit(signal: Signal): void;
}

/**
 * Anything that delivers signals to a runtime: a webhook server, a file, a message bus. The
 * runtime starts every source after `onStart`, hears its signals in the one event loop (through
 * the strategy's `onSignal`, the risk gates and the kill switch), tells the source what became
 * of each one, and stops the sources first when it stops.
 *
 * @example
 * const runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], signalSources: [source] });
 */
export interface SignalSource {
  /** For logs and fates, e.g. `webhook`. */
  readonly name: string;
  /** Starts delivering to `sink`; rejects when the source cannot start (the runtime then stops). */
  start(sink: SignalSink): Promise<void>;
  /** Every change of the fate of a signal this source delivered, in order. Must not throw. */
  fateChanged?(fate: SignalFate): void;
  /** Stops delivering; resolves when no more signal can arrive. */
  stop(): Promise<void>;
}
