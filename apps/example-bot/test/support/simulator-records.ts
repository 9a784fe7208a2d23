/**
 * The simulator's own records of what a profile did (orders, fills, accounts), read in-process,
 * and the checks that a bot's run summary agrees with them.
 */
import type {
  AccountWire,
  CursorPage,
  FillWire,
  OrderWire,
  Result,
  RunningSimulator,
} from '@tradeloop/simulator';
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import type { RunSummary } from '../../src/output/summary.js';

/** Everything the exchange knows about one profile. */
export interface SimulatorRecords {
  orders: OrderWire[];
  fills: FillWire[];
  accounts: AccountWire[];
}

/** Reads the profile's orders (every status), its fills on `productIds`, and its accounts. */
export function readSimulatorRecords(
  simulator: RunningSimulator,
  profileId: string,
  productIds: readonly string[],
): SimulatorRecords {
  const exchange = simulator.exchange;
  const caller = exchange.caller(profileId);
  const orders = allPages((page) => exchange.listOrders(caller, { statuses: ['all'] }, page));
  const fills = productIds.flatMap((productId) =>
    allPages((page) => exchange.fills(caller, { productId }, page)),
  );
  return { orders, fills, accounts: exchange.accounts(caller) };
}

function allPages<Item>(read: (page: { limit: number; after?: string }) => Result<CursorPage<Item>>): Item[] {
  const items: Item[] = [];
  let after: string | undefined;
  for (;;) {
    const result = read(after === undefined ? { limit: 1000 } : { limit: 1000, after });
    if (!result.ok)
      throw new Error(`simulator refused a listing: ${result.error.status} ${result.error.message}`);
    items.push(...result.value.items);
    if (result.value.items.length === 0 || result.value.after === undefined) return items;
    after = result.value.after;
  }
}

const fillKey = (productId: string, tradeId: string | number, orderId: string) =>
  `${productId}/${tradeId}/${orderId}`;

/**
 * The bot's summary agrees with the exchange: the same fills (ids, prices, sizes, fees), the same
 * balances, every order the exchange holds for the profile was placed once (unique client_oid)
 * and is known to the bot under its ids, and no order is left open.
 */
export function expectSummaryMatchesSimulator(summary: RunSummary, records: SimulatorRecords): void {
  // Same fills, each once.
  const botFills = new Map(
    summary.fills.map((fill) => [fillKey(fill.productId, fill.tradeId, fill.orderId), fill]),
  );
  expect(botFills.size, 'the summary lists a fill twice').toBe(summary.fills.length);
  expect(summary.duplicateFillEvents, 'a fill was reported more than once').toBe(0);
  const exchangeFills = new Map(
    records.fills.map((fill) => [fillKey(fill.product_id, fill.trade_id, fill.order_id), fill]),
  );
  expect([...botFills.keys()].sort()).toEqual([...exchangeFills.keys()].sort());
  for (const [key, fill] of exchangeFills) {
    const botFill = botFills.get(key)!;
    expect(new Decimal(botFill.price).eq(fill.price), `price of fill ${key}`).toBe(true);
    expect(new Decimal(botFill.size).eq(fill.size), `size of fill ${key}`).toBe(true);
    expect(new Decimal(botFill.fee).eq(fill.fee), `fee of fill ${key}`).toBe(true);
    expect(botFill.side).toBe(fill.side);
  }

  // Same balances.
  for (const account of records.accounts) {
    const balance = summary.balances[account.currency];
    expect(balance, `the summary has no ${account.currency} balance`).toBeDefined();
    expect(new Decimal(balance!.balance).eq(account.balance), `${account.currency} balance`).toBe(true);
    expect(new Decimal(balance!.hold).eq(account.hold), `${account.currency} hold`).toBe(true);
  }

  // No order placed twice, every one known to the bot by both ids.
  const clientOids = records.orders.map((order) => order.client_oid);
  expect(clientOids.every((clientOid) => typeof clientOid === 'string' && clientOid !== '')).toBe(true);
  expect(new Set(clientOids).size, 'an order was placed twice under one client_oid').toBe(clientOids.length);
  const placed = new Map(summary.orders.placed.map((order) => [order.clientOrderId, order]));
  for (const order of records.orders) {
    const botOrder = placed.get(order.client_oid!);
    expect(botOrder, `the summary does not know order ${order.client_oid}`).toBeDefined();
    expect(botOrder!.orderId).toBe(order.id);
  }

  // Nothing left open, on either side.
  expect(records.orders.filter((order) => order.status !== 'done' && order.status !== 'rejected')).toEqual(
    [],
  );
  expect(summary.orders.openAtExit).toEqual([]);
}
