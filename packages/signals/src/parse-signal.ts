import { createHash } from 'node:crypto';
import {
  productId as brandProductId,
  ExactDecimal,
  type Signal,
  type SignalAction,
  type SignalOrderType,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { InvalidSignalError } from './errors.js';
import { describeText, productIdForTicker } from './product-mapping.js';

/** What {@link parseSignal} needs besides the body. */
export interface ParseSignalOptions {
  /** The products the bot was started with (tickers such as `BTCUSD` map onto them). */
  productIds: readonly string[];
  /** Recorded as `signal.source`, e.g. `webhook`. */
  source: string;
  /** The id to use when the body has none (the `webhook-id` header of a signed request). */
  id?: string;
  /** The time (ms) to use when the body has no `timestamp` (the `webhook-timestamp` header). */
  time?: number;
}

const ACTIONS: readonly SignalAction[] = ['buy', 'sell', 'close', 'cancel_all'];
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;
const DECIMAL_PATTERN = /^\d{1,20}(\.\d{1,20})?$/;

/**
 * Turns a JSON body (numbers kept as text, see `parseJsonKeepingNumbers`) into a {@link Signal}.
 * Accepts the plain fields (`id`, `timestamp`, `product_id`, `action`, `type`, `size`,
 * `quote_size`, `price`) and TradingView's placeholders as they arrive: `ticker` (`BTCUSD`,
 * `COINBASE:BTCUSD`), `strategy.order.action`, `strategy.order.contracts`,
 * `strategy.order.price`, `strategy.order.id` and `strategy.market_position` (`flat` turns the
 * order into a `close`), nested (`{"strategy":{"order":{...}}}`) or as dotted keys. Fields it does
 * not know are ignored; `secret` is never part of the signal. Without an `id`, the id is derived
 * from the signal's content and time, so the same alert delivered twice is one signal.
 *
 * @throws InvalidSignalError naming the first bad field (checked in the order above).
 * @example
 * parseSignal({ ticker: 'BTCUSD', timestamp: '2026-01-05T12:00:00Z', action: 'buy', size: '0.01' },
 *   { productIds: ['BTC-USD'], source: 'webhook' });
 */
export function parseSignal(body: unknown, options: ParseSignalOptions): Signal {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidSignalError('body', `expected a JSON object, received ${describeKind(body)}`);
  const fields = flatten(body as Record<string, unknown>);
  const text = (name: string) => optionalText(fields, name);

  const explicitId = text('id');
  if (explicitId !== undefined && !ID_PATTERN.test(explicitId))
    throw new InvalidSignalError(
      'id',
      `expected 1 to 128 letters, digits or ._:@/+=- starting with a letter or digit, received ${describeText(explicitId)}`,
    );

  const timestampText = text('timestamp');
  let time: number;
  if (timestampText !== undefined) time = parseTimestamp(timestampText);
  else if (options.time !== undefined) time = options.time;
  else throw new InvalidSignalError('timestamp', 'expected ISO 8601 or Unix seconds, received nothing');

  const productField = text('product_id') !== undefined ? 'product_id' : 'ticker';
  const productText = text(productField);
  if (productText === undefined)
    throw new InvalidSignalError(
      'product_id',
      'expected a product id such as BTC-USD (or a ticker), received nothing',
    );
  const mapped = productIdForTicker(productText, options.productIds, productField);

  const action = parseAction(fields);
  const typeText = text('type') ?? text('order_type');
  const type: SignalOrderType = typeText === undefined ? 'market' : parseType(typeText);

  const size =
    decimalField(fields, 'size') ??
    decimalField(fields, 'strategy.order.contracts') ??
    decimalField(fields, 'contracts');
  const quoteSize = decimalField(fields, 'quote_size');
  const priceField = text('price') !== undefined ? 'price' : 'strategy.order.price';
  const price = type === 'limit' ? decimalField(fields, priceField) : undefined;

  if (action === 'buy' || action === 'sell') {
    if (size === undefined && quoteSize === undefined)
      throw new InvalidSignalError('size', `expected size or quote_size for a ${action}, received neither`);
    if (size !== undefined && quoteSize !== undefined)
      throw new InvalidSignalError('quote_size', 'expected size or quote_size, received both');
    if (type === 'limit' && price === undefined)
      throw new InvalidSignalError('price', 'expected a limit price for a limit order, received nothing');
  }

  const id =
    explicitId ??
    options.id ??
    derivedId([mapped, action, type, size?.toFixed(), quoteSize?.toFixed(), price?.toFixed(), String(time)]);
  return {
    id,
    time,
    productId: brandProductId(mapped),
    action,
    type: action === 'close' || action === 'cancel_all' ? 'market' : type,
    ...(action !== 'buy' && action !== 'sell' ? {} : size === undefined ? {} : { size }),
    ...(action !== 'buy' && action !== 'sell' ? {} : quoteSize === undefined ? {} : { quoteSize }),
    ...(action !== 'buy' && action !== 'sell' ? {} : price === undefined ? {} : { price }),
    source: options.source,
  };
}

/** `{"strategy":{"order":{"action":"buy"}}}` and `{"strategy.order.action":"buy"}` read alike. */
function flatten(
  body: Record<string, unknown>,
  prefix = '',
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  for (const [key, value] of Object.entries(body)) {
    const name = `${prefix}${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && prefix.split('.').length < 4)
      flatten(value as Record<string, unknown>, `${name}.`, into);
    else if (!into.has(name)) into.set(name, value);
  }
  return into;
}

function optionalText(fields: Map<string, unknown>, name: string): string | undefined {
  const value = fields.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new InvalidSignalError(name, `expected a string, received ${describeKind(value)}`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function parseAction(fields: Map<string, unknown>): SignalAction {
  const field = fields.get('action') !== undefined ? 'action' : 'strategy.order.action';
  const raw = optionalText(fields, field);
  if (raw === undefined)
    throw new InvalidSignalError('action', `expected one of ${ACTIONS.join(', ')}, received nothing`);
  const normalized = raw.toLowerCase().replace(/[\s-]+/g, '_');
  const action = (normalized === 'cancelall' ? 'cancel_all' : normalized) as SignalAction;
  if (!ACTIONS.includes(action))
    throw new InvalidSignalError(
      field,
      `expected one of ${ACTIONS.join(', ')}, received ${describeText(raw)}`,
    );
  // A TradingView strategy order that leaves the market flat is an exit: close the position.
  const position =
    optionalText(fields, 'strategy.market_position') ?? optionalText(fields, 'market_position');
  if ((action === 'buy' || action === 'sell') && position?.toLowerCase() === 'flat') return 'close';
  return action;
}

function parseType(raw: string): SignalOrderType {
  const type = raw.toLowerCase();
  if (type !== 'market' && type !== 'limit')
    throw new InvalidSignalError('type', `expected market or limit, received ${describeText(raw)}`);
  return type;
}

function decimalField(fields: Map<string, unknown>, name: string): Decimal | undefined {
  const raw = optionalText(fields, name);
  if (raw === undefined) return undefined;
  if (!DECIMAL_PATTERN.test(raw))
    throw new InvalidSignalError(
      name,
      `expected a positive decimal such as 0.01, received ${describeText(raw)}`,
    );
  const value = new ExactDecimal(raw);
  if (value.isZero())
    throw new InvalidSignalError(name, `expected a positive decimal, received ${describeText(raw)}`);
  return value;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with a zone (`2026-01-05T12:00:00Z`, TradingView's `{{timenow}}`) or Unix seconds. */
function parseTimestamp(raw: string): number {
  if (/^\d{9,11}(\.\d{1,6})?$/.test(raw)) return Math.round(Number(raw) * 1000);
  if (ISO_8601.test(raw)) {
    const time = Date.parse(raw.replace(' ', 'T'));
    if (Number.isFinite(time)) return time;
  }
  throw new InvalidSignalError(
    'timestamp',
    `expected ISO 8601 with a zone (2026-01-05T12:00:00Z) or Unix seconds, received ${describeText(raw)}`,
  );
}

/** The same content at the same time gives the same id (a repeated delivery is a duplicate). */
function derivedId(parts: ReadonlyArray<string | undefined>): string {
  const digest = createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\n'))
    .digest('hex');
  return `derived-${digest.slice(0, 24)}`;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
