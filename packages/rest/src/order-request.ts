import type { PlaceOrderRequest } from './types/orders.js';
import {
  describeArgument,
  type RequestTarget,
  refuse,
  requireDecimal,
  requireId,
  requireOneOf,
  requireUuid,
} from './validation.js';

const target: RequestTarget = { method: 'POST', path: '/orders' };

/** Every field `POST /orders` takes, in the order they are written into the body. */
const ORDER_FIELDS = [
  'client_oid',
  'type',
  'side',
  'product_id',
  'price',
  'size',
  'funds',
  'time_in_force',
  'cancel_after',
  'post_only',
  'stp',
  'stop',
  'stop_price',
  'stop_limit_price',
  'max_floor',
  'profile_id',
] as const;

const ORDER_FIELD_NAMES: ReadonlySet<string> = new Set(ORDER_FIELDS);

const DECIMAL_FIELDS = ['price', 'size', 'funds', 'stop_price', 'stop_limit_price', 'max_floor'] as const;
const TYPES = ['limit', 'market', 'stop'] as const;
const SIDES = ['buy', 'sell'] as const;
const TIMES_IN_FORCE = ['GTC', 'GTT', 'IOC', 'FOK'] as const;
const CANCEL_AFTER = ['min', 'hour', 'day'] as const;
const SELF_TRADE_PREVENTION = ['dc', 'co', 'cn', 'cb'] as const;
const STOP_DIRECTIONS = ['loss', 'entry'] as const;

/** An order ready to send: its client order id and the body bytes, serialized once. */
export interface PreparedOrder {
  clientOid: string;
  body: string;
}

/**
 * Checks an order request and serializes it once. The `client_oid` is the caller's or a fresh
 * UUID, fixed here, before any I/O, so every later attempt and lookup uses the same one.
 *
 * @throws {InvalidRequestError} for a missing or malformed field, a money value given as a JS
 *   number, an unknown field, or a combination Coinbase refuses (size and funds on a market order,
 *   post-only with IOC/FOK, `cancel_after` without GTT).
 */
export function prepareOrder(request: PlaceOrderRequest, newClientOid: () => string): PreparedOrder {
  if (typeof request !== 'object' || request === null) {
    refuse(target, `expected an order request object, received ${describeArgument(request)}`);
  }
  const fields = request as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (fields[key] !== undefined && !ORDER_FIELD_NAMES.has(key)) {
      refuse(target, `expected only Coinbase order fields (${ORDER_FIELDS.join(', ')}), received "${key}"`);
    }
  }
  const type = requireOneOf(target, 'type', fields.type ?? 'limit', TYPES);
  requireOneOf(target, 'side', fields.side, SIDES);
  requireId(target, 'product_id', fields.product_id);
  for (const name of DECIMAL_FIELDS)
    if (fields[name] !== undefined) requireDecimal(target, name, fields[name]);
  if (fields.time_in_force !== undefined) {
    requireOneOf(target, 'time_in_force', fields.time_in_force, TIMES_IN_FORCE);
  }
  if (fields.cancel_after !== undefined) {
    requireOneOf(target, 'cancel_after', fields.cancel_after, CANCEL_AFTER);
    if (fields.time_in_force !== 'GTT') {
      refuse(
        target,
        `expected cancel_after only with time_in_force "GTT", received it with ${describeArgument(fields.time_in_force)}`,
      );
    }
  }
  if (fields.post_only !== undefined && typeof fields.post_only !== 'boolean') {
    refuse(target, `expected post_only as a boolean, received ${describeArgument(fields.post_only)}`);
  }
  if (fields.post_only === true && (fields.time_in_force === 'IOC' || fields.time_in_force === 'FOK')) {
    refuse(target, `expected post_only only with GTC or GTT, received it with ${fields.time_in_force}`);
  }
  if (fields.stp !== undefined) requireOneOf(target, 'stp', fields.stp, SELF_TRADE_PREVENTION);
  if (fields.stop !== undefined) {
    requireOneOf(target, 'stop', fields.stop, STOP_DIRECTIONS);
    if (fields.stop_price === undefined) refuse(target, 'expected stop_price with stop, received none');
  }
  if (fields.profile_id !== undefined) requireId(target, 'profile_id', fields.profile_id);
  checkAmounts(type, fields);

  const clientOid =
    fields.client_oid === undefined ? newClientOid() : requireUuid(target, 'client_oid', fields.client_oid);
  // ORDER_FIELDS begins with client_oid and type, decided above.
  const body: Record<string, unknown> = { client_oid: clientOid, type };
  for (let index = 2; index < ORDER_FIELDS.length; index += 1) {
    const name = ORDER_FIELDS[index] as string;
    const value = fields[name];
    if (value !== undefined) body[name] = value;
  }
  return { clientOid, body: JSON.stringify(body) };
}

function checkAmounts(type: 'limit' | 'market' | 'stop', fields: Record<string, unknown>): void {
  const has = (name: string) => fields[name] !== undefined;
  if (type === 'limit') {
    if (fields.price === undefined || fields.size === undefined) {
      refuse(
        target,
        `expected price and size on a limit order, received ${has('price') ? 'no size' : 'no price'}`,
      );
    }
    if (fields.funds !== undefined)
      refuse(target, 'expected no funds on a limit order (use size), received funds');
    return;
  }
  if (type === 'market') {
    if (has('size') === has('funds')) {
      refuse(
        target,
        `expected exactly one of size or funds on a market order, received ${has('size') ? 'both' : 'neither'}`,
      );
    }
    if (has('price')) refuse(target, 'expected no price on a market order, received one');
    return;
  }
  if (!has('stop_price')) refuse(target, 'expected stop_price on a stop order, received none');
  if (!has('size') && !has('funds'))
    refuse(target, 'expected size or funds on a stop order, received neither');
}
