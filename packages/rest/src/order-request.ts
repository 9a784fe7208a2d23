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

const DECIMAL_FIELDS = ['price', 'size', 'funds', 'stop_price', 'stop_limit_price', 'max_floor'] as const;

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
    if (!(ORDER_FIELDS as readonly string[]).includes(key) && fields[key] !== undefined) {
      refuse(target, `expected only Coinbase order fields (${ORDER_FIELDS.join(', ')}), received "${key}"`);
    }
  }
  const type = requireOneOf(target, 'type', fields.type ?? 'limit', ['limit', 'market', 'stop'] as const);
  requireOneOf(target, 'side', fields.side, ['buy', 'sell'] as const);
  requireId(target, 'product_id', fields.product_id);
  for (const name of DECIMAL_FIELDS)
    if (fields[name] !== undefined) requireDecimal(target, name, fields[name]);
  if (fields.time_in_force !== undefined) {
    requireOneOf(target, 'time_in_force', fields.time_in_force, ['GTC', 'GTT', 'IOC', 'FOK'] as const);
  }
  if (fields.cancel_after !== undefined) {
    requireOneOf(target, 'cancel_after', fields.cancel_after, ['min', 'hour', 'day'] as const);
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
  if (fields.stp !== undefined) requireOneOf(target, 'stp', fields.stp, ['dc', 'co', 'cn', 'cb'] as const);
  if (fields.stop !== undefined) {
    requireOneOf(target, 'stop', fields.stop, ['loss', 'entry'] as const);
    if (fields.stop_price === undefined) refuse(target, 'expected stop_price with stop, received none');
  }
  if (fields.profile_id !== undefined) requireId(target, 'profile_id', fields.profile_id);
  checkAmounts(type, fields);

  const clientOid =
    fields.client_oid === undefined ? newClientOid() : requireUuid(target, 'client_oid', fields.client_oid);
  const body: Record<string, unknown> = {};
  for (const name of ORDER_FIELDS) {
    const value = name === 'client_oid' ? clientOid : name === 'type' ? type : fields[name];
    if (value !== undefined) body[name] = value;
  }
  return { clientOid, body: JSON.stringify(body) };
}

function checkAmounts(type: 'limit' | 'market' | 'stop', fields: Record<string, unknown>): void {
  const has = (name: string) => fields[name] !== undefined;
  if (type === 'limit') {
    if (!has('price') || !has('size')) {
      refuse(
        target,
        `expected price and size on a limit order, received ${has('price') ? 'no size' : 'no price'}`,
      );
    }
    if (has('funds')) refuse(target, 'expected no funds on a limit order (use size), received funds');
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
