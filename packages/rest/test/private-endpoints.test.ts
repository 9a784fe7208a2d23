import { randomUUID } from 'node:crypto';
import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoinbaseExchangeClient, InvalidRequestError, NotFoundError } from '../src/index.js';
import {
  clientFor,
  collect,
  RecordingTransport,
  rejectionOf,
  startQuietSimulator,
} from './support/simulator.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Coinbase pads decimals (`"100.00000000"`): compare values, not spellings. */
function sameDecimal(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && new Decimal(actual).equals(expected);
}
let simulator: RunningSimulator;
let client: CoinbaseExchangeClient;
let counterparty: CoinbaseExchangeClient;

beforeAll(async () => {
  simulator = await startQuietSimulator();
  client = clientFor(simulator);
  counterparty = clientFor(simulator, {
    credentials: createExchangeCredentials(
      simulator.createApiKey({ balances: { USD: '1000000', BTC: '100' } }),
    ),
  });
});

afterAll(async () => {
  client.close();
  counterparty.close();
  await simulator.stop();
});

describe('accounts', () => {
  it('lists accounts with decimal-string balances and reads one by id', async () => {
    const accounts = await client.getAccounts();
    const usd = accounts.find((account) => account.currency === 'USD');
    expect(usd).toBeDefined();
    expect(usd?.balance).toMatch(DECIMAL);
    expect(usd?.available).toMatch(DECIMAL);
    const again = await client.getAccount(usd?.id as string);
    expect(again).toEqual(usd);
  });

  it('pages the ledger and holds', async () => {
    const accounts = await client.getAccounts();
    const usd = accounts.find((account) => account.currency === 'USD')?.id as string;
    const orders = [];
    for (let index = 0; index < 12; index += 1) {
      orders.push(
        await client.placeOrder({
          product_id: 'BTC-USD',
          side: 'buy',
          price: `${1000 + index}.00`,
          size: '0.01',
        }),
      );
    }
    const holds = await collect(client.iterateAccountHolds(usd, { pageSize: 5 }));
    expect(holds.map((hold) => hold.ref)).toEqual(expect.arrayContaining(orders.map((order) => order.id)));
    const firstPage = await client.getAccountHolds(usd, { limit: 5 });
    expect(firstPage.items).toHaveLength(5);
    expect(firstPage.after).toBeDefined();
    await client.cancelAllOrders('BTC-USD');

    // Ledger entries come from fills: trade 7 times against the counterparty.
    for (let index = 0; index < 7; index += 1) {
      await counterparty.placeOrder({
        product_id: 'BTC-USD',
        side: 'sell',
        price: '50000.00',
        size: '0.002',
      });
      await client.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '50000.00', size: '0.002' });
    }
    const entries = await collect(client.iterateAccountLedger(usd, { pageSize: 3 }));
    expect(entries.length).toBeGreaterThanOrEqual(7);
    expect(entries.every((entry) => DECIMAL.test(entry.amount) && DECIMAL.test(entry.balance))).toBe(true);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    const page = await client.getAccountLedger(usd, { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]?.id).toBe(entries[0]?.id);
  });

  it('an unknown account is a NotFoundError', async () => {
    const error = await rejectionOf(client.getAccount(randomUUID()));
    expect(NotFoundError.isInstance(error)).toBe(true);
  });
});

describe('orders', () => {
  it('places a limit order with a generated client_oid, then finds it by id and by client_oid', async () => {
    const transport = new RecordingTransport();
    const recording = clientFor(simulator, { transport });
    const order = await recording.placeOrder({
      product_id: 'BTC-USD',
      side: 'buy',
      price: '100.00',
      size: '0.01',
    });
    expect(order).toMatchObject({ product_id: 'BTC-USD', side: 'buy', type: 'limit' });
    expect(sameDecimal(order.price, '100.00')).toBe(true);
    expect(order.client_oid).toMatch(/^[0-9a-f-]{36}$/);
    // The exact bytes sent carried that client_oid.
    const sent = JSON.parse(transport.exchanges[0]?.request.body as string) as { client_oid: string };
    expect(sent.client_oid).toBe(order.client_oid);
    expect(await recording.getOrder(order.id)).toMatchObject({ id: order.id, status: expect.any(String) });
    expect((await recording.getOrderByClientOid(order.client_oid as string)).id).toBe(order.id);
    expect(await recording.cancelOrder(order.id, 'BTC-USD')).toBe(order.id);
    transport.close();
    recording.close();
  });

  it('places market orders by size and by funds, and a stop order', async () => {
    await counterparty.placeOrder({ product_id: 'BTC-USD', side: 'sell', price: '40000.00', size: '1' });
    const bySize = await client.placeOrder({
      product_id: 'BTC-USD',
      side: 'buy',
      type: 'market',
      size: '0.01',
    });
    expect(bySize.type).toBe('market');
    const byFunds = await client.placeOrder({
      product_id: 'BTC-USD',
      side: 'buy',
      type: 'market',
      funds: '100.00',
    });
    expect(byFunds.type).toBe('market');
    const stop = await client.placeOrder({
      product_id: 'BTC-USD',
      side: 'sell',
      price: '30000.00',
      size: '0.01',
      stop: 'loss',
      stop_price: '30500.00',
    });
    expect(sameDecimal(stop.stop_price, '30500')).toBe(true);
    await client.cancelOrder(stop.id);
    await counterparty.cancelAllOrders();
  });

  it('lists orders page by page with both cursors, and iterates many pages', async () => {
    const clientOids: string[] = [];
    for (let index = 0; index < 45; index += 1) {
      const clientOid = randomUUID();
      clientOids.push(clientOid);
      await client.placeOrder({
        client_oid: clientOid,
        product_id: 'ETH-USD',
        side: 'buy',
        price: `${500 + index}.00`,
        size: '0.01',
      });
    }
    const first = await client.listOrders(
      { productId: 'ETH-USD', status: ['open', 'pending'] },
      { limit: 10 },
    );
    expect(first.items).toHaveLength(10);
    expect(first.before).toBeDefined();
    expect(first.after).toBeDefined();
    const second = await client.listOrders(
      { productId: 'ETH-USD' },
      { after: first.after as string, limit: 10 },
    );
    expect(second.items.map((order) => order.id)).not.toContain(first.items[0]?.id);

    const all = await collect(
      client.iterateOrders({ productId: 'ETH-USD', status: 'open' }, { pageSize: 7 }),
    );
    expect(all.map((order) => order.client_oid).sort()).toEqual([...clientOids].sort());
    const limited = await collect(
      client.iterateOrders({ productId: 'ETH-USD' }, { pageSize: 7, maxItems: 9 }),
    );
    expect(limited).toHaveLength(9);

    expect(await client.cancelOrderByClientOid(clientOids[0] as string)).toBe(
      all.find((order) => order.client_oid === clientOids[0])?.id,
    );
    const canceled = await client.cancelAllOrders('ETH-USD');
    expect(canceled).toHaveLength(44);
    expect((await client.listOrders({ productId: 'ETH-USD' })).items).toHaveLength(0);
  });

  it('an unknown order is a NotFoundError; a malformed filter is refused before I/O', async () => {
    expect(NotFoundError.isInstance(await rejectionOf(client.getOrder(randomUUID())))).toBe(true);
    expect(NotFoundError.isInstance(await rejectionOf(client.getOrderByClientOid(randomUUID())))).toBe(true);
    expect(InvalidRequestError.isInstance(await rejectionOf(client.listOrders({}, { limit: 0 })))).toBe(true);
    expect(() => client.iterateOrders({}, { pageSize: 5000 })).toThrowError(InvalidRequestError);
  });
});

describe('fills and fees', () => {
  it('pages fills of a product and of one order', async () => {
    const resting = await counterparty.placeOrder({
      product_id: 'BTC-USD',
      side: 'sell',
      price: '45000.00',
      size: '0.05',
    });
    for (let index = 0; index < 25; index += 1) {
      await client.placeOrder({ product_id: 'BTC-USD', side: 'buy', price: '45000.00', size: '0.002' });
    }
    const ofOrder = await collect(counterparty.iterateFills({ orderId: resting.id }, { pageSize: 10 }));
    expect(ofOrder).toHaveLength(25);
    expect(ofOrder.every((fill) => fill.order_id === resting.id && fill.liquidity === 'M')).toBe(true);
    expect(
      ofOrder.every((fill) => DECIMAL.test(fill.price) && DECIMAL.test(fill.size) && DECIMAL.test(fill.fee)),
    ).toBe(true);

    const page = await client.getFills({ productId: 'BTC-USD', limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.after).toBe(String(page.items[4]?.trade_id));
    const all = await collect(client.iterateFills({ productId: 'BTC-USD' }, { pageSize: 10 }));
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(new Set(all.map((fill) => fill.trade_id)).size).toBe(all.length);
  });

  it('refuses fills without orderId or productId before any I/O', async () => {
    const error = await rejectionOf(client.getFills({}));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/expected orderId or productId/);
  });

  it('verifies the key and lists its profile', async () => {
    const user = await client.getCurrentUser();
    expect(user.id).toMatch(/^[0-9a-f]{24}$/);
    const profiles = await client.getProfiles();
    expect(profiles.map((profile) => profile.id)).toContain(simulator.profileId);
  });

  it('reads the fee tier', async () => {
    const fees = await client.getFees();
    expect(fees.maker_fee_rate).toMatch(DECIMAL);
    expect(fees.taker_fee_rate).toMatch(DECIMAL);
  });
});
