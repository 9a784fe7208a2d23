/**
 * Translates what the runtime, the feed and the strategy's log say into the bot's own events
 * ({@link BotEvent}), which the console and the summary read.
 */

import {
  type Fill,
  type LogFields,
  type Logger,
  logSourceField,
  type OrderView,
  type Runtime,
} from '@tradeloop/strategy-kit';
import type { CoinbaseFeed, FeedEvents } from '@tradeloop/websocket';
import type { BotEvent, FillDescription, OrderDescription } from './bot-events.js';

/** Where translated events go. */
export type EmitBotEvent = (event: BotEvent) => void;

/**
 * Listens to the runtime and the feed and emits the matching bot events. Feed events carry the
 * details the runtime summarizes away (the URL, the subscribed channels, sequence numbers).
 */
export function reportActivity(runtime: Runtime, feed: CoinbaseFeed, emit: EmitBotEvent): void {
  reportRuntimeActivity(runtime, emit);
  reportFeedActivity(feed, emit);
}

/** The runtime's half of {@link reportActivity}: orders, fills, risk, reconciliation, failures. */
export function reportRuntimeActivity(runtime: Runtime, emit: EmitBotEvent): void {
  const placements = new DeferredPlacements(emit);
  runtime.on('order-submitted', (order) => placements.submitted(order));
  // Every other event about an order comes after its `order-placed`, however early the answer.
  const reportPlacement = (order: OrderView) => placements.reportNow(order.clientOrderId);
  runtime.on('order-accepted', (order) => {
    reportPlacement(order);
    if (order.orderId !== undefined) {
      emit({
        type: 'order-accepted',
        clientOrderId: order.clientOrderId,
        orderId: order.orderId,
        productId: order.productId,
      });
    }
  });
  runtime.on('order-filled', ({ order, fill }) => {
    reportPlacement(order);
    emit({ type: 'order-filled', fill: describeFill(fill, order) });
    if (order.status === 'filled') {
      emit({
        type: 'order-completed',
        clientOrderId: order.clientOrderId,
        orderId: order.orderId,
        productId: order.productId,
      });
    }
  });
  runtime.on('order-updated', ({ order, previousStatus, status }) => {
    reportPlacement(order);
    // A fill that was learned without a fill event (e.g. from a REST report) still completes the order.
    if (status === 'filled' && previousStatus !== 'filled' && order.fills.length === 0) {
      emit({
        type: 'order-completed',
        clientOrderId: order.clientOrderId,
        orderId: order.orderId,
        productId: order.productId,
      });
    }
  });
  runtime.on('order-canceled', (order) => {
    reportPlacement(order);
    emit({
      type: 'order-canceled',
      clientOrderId: order.clientOrderId,
      orderId: order.orderId,
      productId: order.productId,
    });
  });
  runtime.on('order-rejected', (order) => {
    reportPlacement(order);
    emit({
      type: 'order-rejected',
      clientOrderId: order.clientOrderId,
      productId: order.productId,
      reason: order.rejectReason ?? 'refused by the exchange',
    });
  });
  runtime.on('order-denied', ({ order, reason, message }) =>
    emit({ type: 'risk-denied', productId: order.productId, rule: reason, reason: message }),
  );
  runtime.on('kill-switch-engaged', (state) => emit({ type: 'kill-switch-tripped', reason: state.reason }));
  runtime.on('feed-reconnected', () => emit({ type: 'feed-reconnected' }));
  runtime.on('reconciliation-completed', (summary) => {
    const changed =
      summary.missedFills +
      summary.updatedOrders +
      summary.missingOrders +
      summary.adoptedOrders +
      summary.canceledForeignOrders;
    if (summary.trigger !== 'start' && changed === 0) return;
    emit({
      type: 'orders-reconciled',
      adopted: summary.adoptedOrders,
      missedFills: summary.missedFills,
      detail: `after ${summary.trigger}${summary.afterUncleanStop ? ' after an unclean stop' : ''}; ${summary.updatedOrders} order(s) updated, ${summary.missingOrders} unknown to the exchange${
        summary.canceledForeignOrders > 0
          ? `, ${summary.canceledForeignOrders} open order(s) the journal did not know canceled`
          : ''
      }${
        summary.ignoredForeignOrders > 0
          ? `, ${summary.ignoredForeignOrders} foreign open order(s) left alone`
          : ''
      }`,
    });
  });
  runtime.on('handler-failed', ({ handler, error }) =>
    emit({ type: 'error-reported', source: `strategy ${handler}`, ...describeError(error) }),
  );
  runtime.on('runtime-error', ({ error, context }) =>
    emit({ type: 'error-reported', source: context, ...describeError(error) }),
  );
}

/**
 * Reports `order-placed` after the current task, when the order's request has been written to
 * the socket (describing the order and recording it would otherwise sit between the decision and
 * the send), but never after another event about the same order. The answer can be read before
 * the deferred report runs: a placement sent from a timer callback meets a poll phase before the
 * check phase, a loaded machine answers in between, a paper venue answers at once. The order's
 * next event then reports its placement first, so the console, the run summary and the live-run
 * result always hear placed → accepted → filled / canceled / rejected, whatever the timing.
 */
class DeferredPlacements {
  readonly #emit: EmitBotEvent;
  /** Submitted orders whose `order-placed` has not been reported yet, by client order id. */
  readonly #pending = new Map<string, OrderView>();

  constructor(emit: EmitBotEvent) {
    this.#emit = emit;
  }

  /** The order is journaled and on its way: report it after the current task. */
  submitted(order: OrderView): void {
    this.#pending.set(order.clientOrderId, order);
    setImmediate(() => this.reportNow(order.clientOrderId));
  }

  /** Reports the order's placement now if it still waits (before an event about it). */
  reportNow(clientOrderId: string): void {
    if (this.#pending.size === 0) return;
    const order = this.#pending.get(clientOrderId);
    if (order === undefined) return;
    this.#pending.delete(clientOrderId);
    // The request's fields never change: described now or after the send, the same.
    this.#emit({ type: 'order-placed', order: describeOrder(order) });
  }
}

/** The Exchange feed's half of {@link reportActivity}: connection, subscriptions, gaps, resyncs. */
export function reportFeedActivity(feed: CoinbaseFeed, emit: EmitBotEvent): void {
  reportConnectionActivity(feed, emit);
  feed.on('subscriptions', (message) => {
    const channels = message.channels.filter((channel) => channel.name !== 'heartbeat');
    emit({
      type: 'feed-subscribed',
      channels: channels.map((channel) => channel.name),
      products: [...new Set(channels.flatMap((channel) => channel.product_ids ?? []))],
    });
  });
  feed.on('gap-detected', (gap) =>
    emit({
      type: 'gap-detected',
      productId: gap.productId,
      channel: `sequence (${gap.via})`,
      expected: String(gap.expected),
      received: String(gap.received),
    }),
  );
}

/** The lifecycle events both feeds (Exchange and Advanced Trade) emit alike. */
type ConnectionEvents = Pick<FeedEvents, 'connected' | 'disconnected' | 'reconnecting' | 'stale'>;

/** Either feed, as far as its lifecycle events go. */
interface ConnectionEventSource {
  on<Event extends keyof ConnectionEvents>(
    event: Event,
    listener: (...args: ConnectionEvents[Event]) => void,
  ): unknown;
}

/** Connection, reconnects and book resyncs of either feed, as bot events. */
export function reportConnectionActivity(feed: ConnectionEventSource, emit: EmitBotEvent): void {
  feed.on('connected', ({ url, reconnected }) => {
    if (!reconnected) emit({ type: 'feed-connected', url });
  });
  feed.on('disconnected', ({ reason, detail, willReconnect }) => {
    if (willReconnect)
      emit({ type: 'feed-disconnected', reason: detail === '' ? reason : `${reason} (${detail})` });
  });
  feed.on('reconnecting', ({ attempt, delayMs }) =>
    emit({ type: 'feed-reconnecting', attempt, delayMs: Math.round(delayMs) }),
  );
  feed.on('stale', (stale) => {
    if (stale.kind === 'book' && stale.reason !== 'awaiting-snapshot' && stale.reason !== 'unsubscribed') {
      emit({ type: 'book-resynced', productId: stale.productId, reason: stale.reason });
    }
  });
}

/**
 * The logger handed to the runtime (and through it to the strategy's `ctx.log`). The runtime's
 * own lines (tagged `logSource: 'runtime'`) repeat its typed events, reported above, so they are
 * dropped; the strategy's are shown, and a line whose fields carry `signal` is shown as a signal.
 */
export function botLogger(emit: EmitBotEvent, options: { debug: boolean }): Logger {
  const line = (
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    fields: LogFields | undefined,
  ) => {
    if (fields?.[logSourceField] === 'runtime') return;
    if (level === 'debug' && !options.debug) return;
    const signal = fields?.signal;
    const productId = typeof fields?.productId === 'string' ? fields.productId : undefined;
    if (signal !== undefined) {
      emit({ type: 'signal-raised', productId, message: `${String(signal)}: ${message}` });
      return;
    }
    emit({ type: 'strategy-logged', level, message });
  };
  return {
    debug: (message, fields) => line('debug', message, fields),
    info: (message, fields) => line('info', message, fields),
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  };
}

/** An order's request as the bot reports it. */
export function describeOrder(order: OrderView): OrderDescription {
  const request = order.request;
  return {
    clientOrderId: order.clientOrderId,
    productId: order.productId,
    side: order.side,
    orderType: request.type,
    ...(request.price === undefined ? {} : { price: request.price.toFixed() }),
    ...(request.size === undefined ? {} : { size: request.size.toFixed() }),
    ...(request.funds === undefined ? {} : { funds: request.funds.toFixed() }),
  };
}

/** A fill as the bot reports it. */
export function describeFill(fill: Fill, order: OrderView | undefined): FillDescription {
  return {
    tradeId: fill.tradeId,
    orderId: fill.orderId,
    clientOrderId: fill.clientOrderId ?? order?.clientOrderId,
    productId: fill.productId,
    side: fill.side,
    price: fill.price.toFixed(),
    size: fill.size.toFixed(),
    fee: fill.fee.toFixed(),
    liquidity: fill.liquidity,
  };
}

/** An error's code (when it has one) and message, for an `error-reported` event. */
export function describeError(error: unknown): { code: string | undefined; message: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}
