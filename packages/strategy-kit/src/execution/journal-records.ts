/**
 * The journal's records and what they replay to: the line format shared by the file journal, the
 * memory journal and compaction.
 */
import type { Decimal } from 'decimal.js';
import { JournalError } from '../errors.js';
import { toDecimal } from '../model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import type { OrderOrigin, OrderRequest, TimeInForce } from '../model/order.js';
import type { OrderStatus } from '../model/order-state.js';
import type { OrderType, Side } from '../model/product-rules.js';
import type { Fill } from '../model/reports.js';
import type { FillCursor } from '../venues/venue.js';
import { journalRecordProblem } from './journal-record-shape.js';

/**
 * One line of the journal. Decimals are strings, times ms since the epoch.
 * - `order`: written before the order is sent (so a crash between "sent" and "answered" loses nothing).
 * - `order-id`: the venue's id, once known.
 * - `status`: a final status (filled, canceled, rejected); `submitted` after a `rejected` revives
 *   an order given up as `not_found` that turned up after all.
 * - `fill`: one fill of one of our orders.
 * - `fill-cursor`: every fill of the product up to the venue's opaque cursor is known (set by
 *   reconciliation). Journals written before cursors were opaque carry a numeric `tradeId`
 *   instead; replay reads it as the cursor `String(tradeId)`.
 * - `position`: written by compaction: the product's position built from
 *   every fill journaled before it, including those of orders compaction dropped. Fills of orders
 *   journaled before it are counted in it already.
 *   (`compactJournal` lives in journal-compaction.ts.)
 */
export type JournalRecord =
  | { kind: 'order'; at: number; origin: OrderOrigin; request: JournalOrderRequest }
  | { kind: 'order-id'; at: number; clientOrderId: string; orderId: string }
  | { kind: 'status'; at: number; clientOrderId: string; status: OrderStatus; reason?: string }
  | { kind: 'fill'; at: number; clientOrderId: string; fill: JournalFill }
  | { kind: 'fill-cursor'; at: number; productId: string; cursor: FillCursor }
  | { kind: 'position'; at: number; position: JournalPosition };

/**
 * A position carried over by compaction: what `Position` holds after the fills it replaces, so
 * that a restart rebuilds the same position without them.
 */
export interface CarriedPosition {
  readonly productId: ProductId;
  readonly size: Decimal;
  /** Cost of the open size at its average entry price. */
  readonly costBasis: Decimal;
  readonly realizedPnl: Decimal;
  readonly fees: Decimal;
  readonly quoteFlow: Decimal;
}

/** A {@link CarriedPosition} with decimals as strings. */
export interface JournalPosition {
  productId: string;
  size: string;
  costBasis: string;
  realizedPnl: string;
  fees: string;
  quoteFlow: string;
}

/** An {@link OrderRequest} with decimals as strings. */
export interface JournalOrderRequest {
  clientOrderId: string;
  productId: string;
  side: Side;
  type: OrderType;
  size?: string;
  funds?: string;
  price?: string;
  stopPrice?: string;
  timeInForce?: TimeInForce;
  cancelAfter?: 'min' | 'hour' | 'day';
  postOnly?: boolean;
}

/** A {@link Fill} with decimals as strings. */
export interface JournalFill {
  /** Journals written before trade ids were opaque carry a number; replay reads `String(tradeId)`. */
  tradeId: string;
  productId: string;
  orderId: string;
  side: Side;
  price: string;
  size: string;
  fee: string;
  liquidity: 'maker' | 'taker';
  time: number;
}

/** An order as the journal remembers it. */
export interface JournaledOrder {
  readonly request: OrderRequest;
  readonly origin: OrderOrigin;
  readonly createdAt: number;
  orderId: OrderId | undefined;
  finalStatus: { status: OrderStatus; reason?: string } | undefined;
  readonly fills: Fill[];
  /**
   * How many of `fills` a carried position (`JournalReplay.positions`) counts already: those
   * journaled before a compaction. The portfolio applies only the rest; the order counts all.
   */
  fillsCounted: number;
}

/** What a journal holds after replay. */
export interface JournalReplay {
  /** In the order they were journaled. */
  readonly orders: Map<ClientOrderId, JournaledOrder>;
  /** Per product: every fill up to this venue cursor was known at the last reconciliation. */
  readonly fillCursors: Map<ProductId, FillCursor>;
  /** Per product: the position compaction carried over (fills of dropped orders are in it). */
  readonly positions: Map<ProductId, CarriedPosition>;
  readonly records: number;
  /** True when the last line was cut short by a crash and was dropped. */
  readonly repairedTornTail: boolean;
  /**
   * True when the journal's last user did not close it (a killed process, an OS crash, a power
   * cut: its lock file was still there). Records of the last instants may then be missing (see
   * `JournalDurability`); the runtime handles unknown open orders by its
   * `existingOrdersAfterUncleanStop` policy.
   */
  readonly uncleanStop?: boolean;
}

/** Parses journal text into records (the text holds complete lines only). */
export function parseLines(path: string, text: string): JournalRecord[] {
  const records: JournalRecord[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber += 1;
    if (line.length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new JournalError(path, `expected a JSON record on line ${lineNumber}, the line is corrupt`, {
        cause: error,
      });
    }
    const problem = journalRecordProblem(value);
    if (problem !== undefined)
      throw new JournalError(path, `line ${lineNumber} is not a journal record: ${problem}`);
    records.push(value as JournalRecord);
  }
  return records;
}

/** Folds records into the orders they describe. */
export function replayRecords(records: readonly JournalRecord[]): Omit<JournalReplay, 'repairedTornTail'> {
  const orders = new Map<ClientOrderId, JournaledOrder>();
  const fillCursors = new Map<ProductId, FillCursor>();
  const positions = new Map<ProductId, CarriedPosition>();
  for (const record of records) {
    if (record.kind === 'position') {
      const position = positionFromJournal(record.position);
      positions.set(position.productId, position);
      // The position counts every fill journaled so far of its product.
      for (const order of orders.values())
        if (order.request.productId === position.productId) order.fillsCounted = order.fills.length;
      continue;
    }
    if (record.kind === 'fill-cursor') {
      const legacy = (record as { tradeId?: unknown }).tradeId;
      const cursor = record.cursor ?? (typeof legacy === 'number' ? String(legacy) : undefined);
      if (cursor !== undefined) fillCursors.set(record.productId as ProductId, cursor);
      continue;
    }
    if (record.kind === 'order') {
      const request = requestFromJournal(record.request);
      orders.set(request.clientOrderId, {
        request,
        origin: record.origin,
        createdAt: record.at,
        orderId: undefined,
        finalStatus: undefined,
        fills: [],
        fillsCounted: 0,
      });
      continue;
    }
    const order = orders.get(record.clientOrderId as ClientOrderId);
    if (order === undefined) continue;
    if (record.kind === 'order-id') order.orderId = record.orderId as OrderId;
    else if (record.kind === 'status')
      order.finalStatus =
        record.reason === undefined
          ? { status: record.status }
          : { status: record.status, reason: record.reason };
    else order.fills.push(fillFromJournal(record.fill, order.request.clientOrderId));
  }
  return { orders, fillCursors, positions, records: records.length };
}

/**
 * The journal form of an order request: its fields in a fixed order, those without a value left
 * out. Built field by field (it runs between the tick and the send): no object with `undefined`
 * holes to delete from afterwards.
 */
export function requestToJournal(request: OrderRequest): JournalOrderRequest {
  const wire: JournalOrderRequest = {
    clientOrderId: request.clientOrderId,
    productId: request.productId,
    side: request.side,
    type: request.type,
  };
  if (request.size !== undefined) wire.size = request.size.toFixed();
  if (request.funds !== undefined) wire.funds = request.funds.toFixed();
  if (request.price !== undefined) wire.price = request.price.toFixed();
  if (request.stopPrice !== undefined) wire.stopPrice = request.stopPrice.toFixed();
  if (request.timeInForce !== undefined) wire.timeInForce = request.timeInForce;
  if (request.cancelAfter !== undefined) wire.cancelAfter = request.cancelAfter;
  if (request.postOnly !== undefined) wire.postOnly = request.postOnly;
  return wire;
}

function requestFromJournal(wire: JournalOrderRequest): OrderRequest {
  const decimal = (value: string | undefined, field: string) =>
    value === undefined ? undefined : toDecimal(value, field);
  return stripUndefined({
    clientOrderId: wire.clientOrderId as ClientOrderId,
    productId: wire.productId as ProductId,
    side: wire.side,
    type: wire.type,
    size: decimal(wire.size, 'size'),
    funds: decimal(wire.funds, 'funds'),
    price: decimal(wire.price, 'price'),
    stopPrice: decimal(wire.stopPrice, 'stopPrice'),
    timeInForce: wire.timeInForce,
    cancelAfter: wire.cancelAfter,
    postOnly: wire.postOnly,
  }) as OrderRequest;
}

/** The journal form of a fill. */
export function fillToJournal(fill: Fill): JournalFill {
  return {
    tradeId: fill.tradeId,
    productId: fill.productId,
    orderId: fill.orderId,
    side: fill.side,
    price: fill.price.toFixed(),
    size: fill.size.toFixed(),
    fee: fill.fee.toFixed(),
    liquidity: fill.liquidity,
    time: fill.time,
  };
}

function fillFromJournal(wire: JournalFill, clientOrderId: ClientOrderId): Fill {
  return {
    // Older journals wrote Coinbase Exchange's numeric trade id.
    tradeId: String(wire.tradeId as string | number),
    productId: wire.productId as ProductId,
    orderId: wire.orderId as OrderId,
    clientOrderId,
    side: wire.side,
    price: toDecimal(wire.price, 'price'),
    size: toDecimal(wire.size, 'size'),
    fee: toDecimal(wire.fee, 'fee'),
    liquidity: wire.liquidity,
    time: wire.time,
    source: 'rest',
  };
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

/** The journal form of a carried position. */
export function positionToJournal(position: CarriedPosition): JournalPosition {
  return {
    productId: position.productId,
    size: position.size.toFixed(),
    costBasis: position.costBasis.toFixed(),
    realizedPnl: position.realizedPnl.toFixed(),
    fees: position.fees.toFixed(),
    quoteFlow: position.quoteFlow.toFixed(),
  };
}

function positionFromJournal(wire: JournalPosition): CarriedPosition {
  return {
    productId: wire.productId as ProductId,
    size: toDecimal(wire.size, 'size'),
    costBasis: toDecimal(wire.costBasis, 'costBasis'),
    realizedPnl: toDecimal(wire.realizedPnl, 'realizedPnl'),
    fees: toDecimal(wire.fees, 'fees'),
    quoteFlow: toDecimal(wire.quoteFlow, 'quoteFlow'),
  };
}
