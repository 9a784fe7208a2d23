import { orderStatuses } from '../model/order-state.js';

/**
 * Checks that a parsed journal line has the shape of a journal record, so that replay never meets
 * a `null` where an object belongs. Returns what is wrong, or `undefined` for a good record. Fields
 * added later stay optional; a line written by an older version (a numeric `tradeId` in a fill or
 * a fill cursor) passes.
 */
export function journalRecordProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `expected a JSON object, received ${describe(value)}`;
  if (typeof value.at !== 'number') return `expected "at" to be a number, received ${describe(value.at)}`;
  switch (value.kind) {
    case 'order': {
      if (!['strategy', 'adopted', 'journal'].includes(value.origin as string))
        return `expected "origin" to be strategy, adopted or journal, received ${describe(value.origin)}`;
      return requestProblem(value.request);
    }
    case 'order-id':
      return stringField(value, 'clientOrderId') ?? stringField(value, 'orderId');
    case 'status':
      if (!orderStatuses.includes(value.status as never))
        return `expected "status" to be an order status, received ${describe(value.status)}`;
      return stringField(value, 'clientOrderId') ?? optionalString(value, 'reason');
    case 'fill':
      return stringField(value, 'clientOrderId') ?? fillProblem(value.fill);
    case 'fill-cursor':
      if (value.cursor === undefined && typeof value.tradeId === 'number')
        return stringField(value, 'productId');
      return stringField(value, 'productId') ?? stringField(value, 'cursor');
    case 'position':
      return positionProblem(value.position);
    default:
      return `expected "kind" to be order, order-id, status, fill, fill-cursor or position, received ${describe(value.kind)}`;
  }
}

function requestProblem(request: unknown): string | undefined {
  if (!isObject(request)) return `expected "request" to be an object, received ${describe(request)}`;
  if (request.side !== 'buy' && request.side !== 'sell')
    return `expected "request.side" to be buy or sell, received ${describe(request.side)}`;
  for (const field of ['clientOrderId', 'productId', 'type'])
    if (typeof request[field] !== 'string')
      return `expected "request.${field}" to be a string, received ${describe(request[field])}`;
  for (const field of ['size', 'funds', 'price', 'stopPrice', 'timeInForce', 'cancelAfter'])
    if (request[field] !== undefined && typeof request[field] !== 'string')
      return `expected "request.${field}" to be a string when present, received ${describe(request[field])}`;
  return undefined;
}

function fillProblem(fill: unknown): string | undefined {
  if (!isObject(fill)) return `expected "fill" to be an object, received ${describe(fill)}`;
  if (typeof fill.time !== 'number')
    return `expected "fill.time" to be a number, received ${describe(fill.time)}`;
  // Trade ids are opaque strings; journals written before that carry a number (replay reads it as text).
  if (typeof fill.tradeId !== 'string' && typeof fill.tradeId !== 'number')
    return `expected "fill.tradeId" to be a string, received ${describe(fill.tradeId)}`;
  for (const field of ['productId', 'orderId', 'side', 'price', 'size', 'fee', 'liquidity'])
    if (typeof fill[field] !== 'string')
      return `expected "fill.${field}" to be a string, received ${describe(fill[field])}`;
  return undefined;
}

function positionProblem(position: unknown): string | undefined {
  if (!isObject(position)) return `expected "position" to be an object, received ${describe(position)}`;
  for (const field of ['productId', 'size', 'costBasis', 'realizedPnl', 'fees', 'quoteFlow'])
    if (typeof position[field] !== 'string')
      return `expected "position.${field}" to be a string, received ${describe(position[field])}`;
  return undefined;
}

function stringField(record: Record<string, unknown>, field: string): string | undefined {
  return typeof record[field] === 'string'
    ? undefined
    : `expected "${field}" to be a string, received ${describe(record[field])}`;
}

function optionalString(record: Record<string, unknown>, field: string): string | undefined {
  return record[field] === undefined ? undefined : stringField(record, field);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a value's type without echoing it (a journal line may hold anything). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
