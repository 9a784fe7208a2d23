/**
 * The bot's console: one line per event, readable for people by default or one JSON object per
 * line (`--log-format json`) for machines. Every line is scrubbed of the secret values it was
 * given, whatever path a secret might have taken into a message.
 */
import type {
  BotEvent,
  BotEventSink,
  FillDescription,
  OrderDescription,
  ProductStatus,
} from '../bot-events.js';

/** How lines look. */
export type LogFormat = 'pretty' | 'json';

/** What the console needs. */
export interface ConsoleOutputOptions {
  format: LogFormat;
  /** Receives each finished line, without its newline. */
  write: (line: string) => void;
  /** Milliseconds since the epoch; injected so output can be tested and replayed. */
  now: () => number;
  /** Values that must never be printed (API secret, passphrase). */
  secrets?: readonly string[];
}

/** The text that replaces a secret value wherever it would have appeared. */
export const REDACTED = '[redacted]';

/** Writes {@link BotEvent}s as lines. */
export class ConsoleOutput implements BotEventSink {
  readonly #format: LogFormat;
  readonly #write: (line: string) => void;
  readonly #now: () => number;
  readonly #secretForms: string[];

  constructor(options: ConsoleOutputOptions) {
    this.#format = options.format;
    this.#write = options.write;
    this.#now = options.now;
    // A secret may reach a line raw or JSON-escaped; both forms are scrubbed, longest first.
    this.#secretForms = [
      ...new Set(
        (options.secrets ?? [])
          .filter((secret) => secret.length > 0)
          .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]),
      ),
    ].sort((left, right) => right.length - left.length);
  }

  /** Prints one event. */
  record(event: BotEvent): void {
    const time = new Date(this.#now()).toISOString();
    const line =
      this.#format === 'json'
        ? JSON.stringify({ time, event: event.type, ...withoutType(event) })
        : `${time.slice(11, 23)} ${prettyLine(event)}`;
    this.#write(this.#scrub(line));
  }

  /** Prints a free-form note (startup hints, the summary path), in the chosen format. */
  note(message: string): void {
    const time = new Date(this.#now()).toISOString();
    const line =
      this.#format === 'json'
        ? JSON.stringify({ time, event: 'note', message })
        : `${time.slice(11, 23)} ${label('NOTE')}${message}`;
    this.#write(this.#scrub(line));
  }

  #scrub(line: string): string {
    let scrubbed = line;
    for (const secret of this.#secretForms) scrubbed = scrubbed.replaceAll(secret, REDACTED);
    return scrubbed;
  }
}

function withoutType(event: BotEvent): Record<string, unknown> {
  const { type: _type, ...rest } = event;
  return rest;
}

const LABEL_WIDTH = 10;

function label(text: string): string {
  return `${text} `.padEnd(LABEL_WIDTH);
}

function prettyLine(event: BotEvent): string {
  switch (event.type) {
    case 'bot-started':
      return `${label('START')}${event.strategy} on ${event.products.join(', ')} via ${event.venue}${
        event.journal === undefined ? '' : ` (journal ${event.journal})`
      }`;
    case 'feed-connected':
      return `${label('FEED')}connected to ${event.url}`;
    case 'feed-subscribed':
      return `${label('FEED')}subscribed to ${event.channels.join(', ')} for ${event.products.join(', ')}`;
    case 'feed-disconnected':
      return `${label('FEED')}disconnected: ${event.reason}`;
    case 'feed-reconnecting':
      return `${label('FEED')}reconnecting (attempt ${event.attempt}) in ${event.delayMs} ms`;
    case 'feed-reconnected':
      return `${label('FEED')}reconnected; subscriptions restored`;
    case 'gap-detected':
      return `${label('GAP')}${event.productId} ${event.channel}: expected sequence ${event.expected}, received ${event.received}`;
    case 'book-resynced':
      return `${label('BOOK')}${event.productId} resynced (${event.reason})`;
    case 'orders-reconciled':
      return `${label('RECONCILE')}${event.adopted} open order(s) adopted, ${event.missedFills} missed fill(s) recovered${
        event.detail === '' ? '' : `: ${event.detail}`
      }`;
    case 'signal-raised':
      return `${label('SIGNAL')}${event.productId === undefined ? '' : `${event.productId} `}${event.message}`;
    case 'order-placed':
      return `${label('PLACE')}${describeOrder(event.order)}`;
    case 'order-accepted':
      return `${label('ACCEPTED')}${event.productId} ${event.clientOrderId} → exchange id ${event.orderId}`;
    case 'order-filled':
      return `${label('FILL')}${describeFill(event.fill)}`;
    case 'order-completed':
      return `${label('FILLED')}${event.productId} ${event.clientOrderId} fully filled`;
    case 'order-canceled':
      return `${label('CANCELED')}${event.productId} ${event.clientOrderId}`;
    case 'order-rejected':
      return `${label('REJECTED')}${event.productId} ${event.clientOrderId}: ${event.reason}`;
    case 'risk-denied':
      return `${label('DENIED')}${event.productId === undefined ? '' : `${event.productId} `}${event.rule}: ${event.reason}`;
    case 'kill-switch-tripped':
      return `${label('KILL')}trading halted: ${event.reason}`;
    case 'status-reported':
      return `${label('STATUS')}${event.products.map(describeStatus).join(' | ')} | open orders ${event.openOrders}`;
    case 'error-reported':
      return `${label('ERROR')}${event.source}: ${event.message}${event.code === undefined ? '' : ` [${event.code}]`}`;
    case 'shutdown-started':
      return `${label('STOP')}${event.reason}: no new orders; canceling open orders`;
    case 'open-orders-canceled':
      return `${label('STOP')}${event.confirmed}/${event.count} cancel(s) confirmed`;
    case 'bot-stopped':
      return `${label('STOP')}stopped (${event.reason})${event.summaryPath === undefined ? '' : `; summary in ${event.summaryPath}`}`;
  }
}

function describeOrder(order: OrderDescription): string {
  const amount =
    order.size !== undefined
      ? `${order.size}`
      : order.funds !== undefined
        ? `funds ${order.funds}`
        : 'size unknown';
  const price = order.price === undefined ? '' : ` @ ${order.price}`;
  return `${order.productId} ${order.side} ${order.orderType} ${amount}${price} (${order.clientOrderId})`;
}

function describeFill(fill: FillDescription): string {
  const liquidity = fill.liquidity === undefined ? '' : ` ${fill.liquidity}`;
  return `${fill.productId} ${fill.side} ${fill.size} @ ${fill.price} fee ${fill.fee}${liquidity} (trade ${fill.tradeId}, ${
    fill.clientOrderId ?? fill.orderId
  })`;
}

function describeStatus(status: ProductStatus): string {
  const price = status.price ?? 'no price yet';
  return `${status.productId} ${price} pos ${status.position} ${status.baseCurrency} pnl ${signed(status.realizedPnl)} realized ${signed(
    status.unrealizedPnl,
  )} unrealized ${status.quoteCurrency}`;
}

function signed(value: string): string {
  return value.startsWith('-') ? value : `+${value}`;
}
