import { randomUUID } from 'node:crypto';
import { createExchangeCredentials } from '@tradeloop/auth';
import type { RunningSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdvancedTradeOrderConfiguration,
  AdvancedTradeOrderRejectedError,
  type CoinbaseAdvancedTradeClient,
  CoinbaseExchangeClient,
  InvalidRequestError,
} from '../../src/index.js';
import { advancedTradeClientFor } from '../support/advanced-trade.js';
import { startQuietSimulator } from '../support/simulator.js';

// The Advanced Trade client against the simulator over loopback: real HTTP, real JWTs verified
// by the simulator, every order configuration, edits, cancels, history paging and fills.
let simulator: RunningSimulator;
let client: CoinbaseAdvancedTradeClient;
let counterparty: CoinbaseExchangeClient;
let third: CoinbaseExchangeClient;

beforeAll(async () => {
  simulator = await startQuietSimulator({ balances: { USD: '1000000', BTC: '100', ETH: '1000' } });
  client = advancedTradeClientFor(simulator);
  const exchangeClient = (balances: Record<string, string>) =>
    new CoinbaseExchangeClient({
      baseUrl: simulator.restUrl,
      credentials: createExchangeCredentials(simulator.createApiKey({ balances })),
      rateLimit: false,
    });
  counterparty = exchangeClient({ USD: '1000000', BTC: '100', ETH: '1000' });
  third = exchangeClient({ USD: '1000000', BTC: '100', ETH: '1000' });
});

afterAll(async () => {
  client.close();
  counterparty.close();
  third.close();
  await simulator.stop();
});

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('CoinbaseAdvancedTradeClient orders', () => {
  it('places every order configuration with a client_order_id and reads each back', async () => {
    await counterparty.placeOrder({ product_id: 'ETH-USD', side: 'sell', price: '3000.00', size: '5' });
    const configurations: Array<[string, 'BUY' | 'SELL', AdvancedTradeOrderConfiguration, string]> = [
      ['market quote', 'BUY', { market_market_ioc: { quote_size: '300.00' } }, 'FILLED'],
      ['market base', 'BUY', { market_market_ioc: { base_size: '0.1' } }, 'FILLED'],
      ['sor ioc', 'BUY', { sor_limit_ioc: { base_size: '0.1', limit_price: '3000.00' } }, 'FILLED'],
      [
        'gtc',
        'BUY',
        { limit_limit_gtc: { base_size: '0.1', limit_price: '2000.00', post_only: true } },
        'OPEN',
      ],
      [
        'gtd',
        'BUY',
        { limit_limit_gtd: { base_size: '0.1', limit_price: '2000.00', end_time: inOneHour() } },
        'OPEN',
      ],
      ['fok', 'BUY', { limit_limit_fok: { base_size: '0.1', limit_price: '3000.00' } }, 'FILLED'],
      [
        'stop gtc',
        'SELL',
        {
          stop_limit_stop_limit_gtc: {
            base_size: '0.1',
            limit_price: '1500.00',
            stop_price: '1600.00',
            stop_direction: 'STOP_DIRECTION_STOP_DOWN',
          },
        },
        'OPEN',
      ],
      [
        'stop gtd',
        'BUY',
        {
          stop_limit_stop_limit_gtd: {
            base_size: '0.1',
            limit_price: '4100.00',
            stop_price: '4000.00',
            end_time: inOneHour(),
            stop_direction: 'STOP_DIRECTION_STOP_UP',
          },
        },
        'OPEN',
      ],
      [
        'bracket gtc',
        'SELL',
        { trigger_bracket_gtc: { base_size: '0.1', limit_price: '5000.00', stop_trigger_price: '1000.00' } },
        'OPEN',
      ],
      [
        'bracket gtd',
        'SELL',
        {
          trigger_bracket_gtd: {
            base_size: '0.1',
            limit_price: '5000.00',
            stop_trigger_price: '1000.00',
            end_time: inOneHour(),
          },
        },
        'OPEN',
      ],
    ];
    for (const [name, side, configuration, status] of configurations) {
      const placed = await client.createOrder({
        product_id: 'ETH-USD',
        side,
        order_configuration: configuration,
      });
      expect(placed.client_order_id, name).toMatch(/^[0-9a-f-]{36}$/);
      const order = await client.getOrder(placed.order_id);
      expect(order.status, name).toBe(status);
      expect(order.client_order_id, name).toBe(placed.client_order_id);
      expect(Object.keys(order.order_configuration), name).toEqual(Object.keys(configuration));
    }
  });

  it('returns the existing order for a repeated client_order_id instead of placing a second', async () => {
    const clientOrderId = randomUUID();
    const request = {
      client_order_id: clientOrderId,
      product_id: 'BTC-USD',
      side: 'BUY' as const,
      order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '30000.00' } },
    };
    const first = await client.createOrder(request);
    const second = await client.createOrder(request);
    expect(second.order_id).toBe(first.order_id);
    const named = [];
    for await (const order of client.iterateOrders({ productIds: ['BTC-USD'] })) {
      if (order.client_order_id === clientOrderId) named.push(order);
    }
    expect(named).toHaveLength(1);
  });

  it('throws AdvancedTradeOrderRejectedError for success:false, with the shared reason', async () => {
    const poor = client.createOrder({
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '1000', limit_price: '60000.00' } },
    });
    await expect(poor).rejects.toBeInstanceOf(AdvancedTradeOrderRejectedError);
    await expect(poor).rejects.toMatchObject({
      errorCode: 'INSUFFICIENT_FUND',
      reason: 'insufficient_funds',
      status: 200,
    });
    const precise = client.createOrder({
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '30000.001' } },
    });
    await expect(precise).rejects.toMatchObject({
      errorCode: 'INVALID_PRICE_PRECISION',
      reason: 'precision',
    });
  });

  it('refuses malformed requests before any I/O', async () => {
    const cases: unknown[] = [
      { product_id: 'BTC-USD', side: 'BUY', order_configuration: {} },
      { product_id: 'BTC-USD', side: 'buy', order_configuration: { market_market_ioc: { base_size: '1' } } },
      {
        product_id: 'BTC-USD',
        side: 'BUY',
        order_configuration: { limit_limit_gtc: { base_size: 1, limit_price: '1.00' } },
      },
      {
        product_id: 'BTC-USD',
        side: 'BUY',
        order_configuration: { market_market_ioc: { base_size: '1', quote_size: '1' } },
      },
      {
        product_id: 'BTC-USD',
        side: 'BUY',
        order_configuration: { limit_limit_gtd: { base_size: '1', limit_price: '1.00' } },
      },
      { product_id: 'BTC-USD', side: 'BUY', order_configuration: { twap_limit_gtd: {} } },
    ];
    for (const request of cases) {
      await expect(client.createOrder(request as never)).rejects.toBeInstanceOf(InvalidRequestError);
    }
  });

  it('previews, edits and batch-cancels', async () => {
    const preview = await client.previewOrder({
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '0.1', limit_price: '40000.00' } },
    });
    expect(preview).toMatchObject({ base_size: '0.1', quote_size: '4000', errs: [] });
    const placed = await client.createOrder({
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '41000.00' } },
    });
    const editPreview = await client.previewEditOrder({
      order_id: placed.order_id,
      price: '41500.00',
      size: '0.02',
    });
    expect(editPreview.errors).toEqual([]);
    expect(await client.editOrder({ order_id: placed.order_id, price: '41500.00', size: '0.02' })).toEqual({
      success: true,
      errors: [],
    });
    const edited = await client.getOrder(placed.order_id);
    expect(edited.order_configuration).toEqual({
      limit_limit_gtc: { base_size: '0.02', limit_price: '41500.00' },
    });
    const missing = randomUUID();
    const results = await client.cancelOrders([placed.order_id, missing]);
    expect(results).toEqual([
      { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: placed.order_id },
      { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: missing },
    ]);
    expect((await client.getOrder(placed.order_id)).status).toBe('CANCELLED');
  });

  it('walks history and fills across pages, and an AT taker fills against an Exchange maker', async () => {
    await third.placeOrder({ product_id: 'BTC-USD', side: 'sell', price: '64000.00', size: '1' });
    const placedIds: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const placed = await client.createOrder({
        product_id: 'BTC-USD',
        side: 'BUY',
        order_configuration: { market_market_ioc: { base_size: '0.01' } },
      });
      placedIds.push(placed.order_id);
    }
    const fills = [];
    for await (const fill of client.iterateFills({ productIds: ['BTC-USD'] }, { pageSize: 2 }))
      fills.push(fill);
    expect(fills.filter((fill) => placedIds.includes(fill.order_id))).toHaveLength(5);
    for (const fill of fills)
      expect(fill).toMatchObject({ price: '64000', size: '0.01', side: 'BUY', liquidity_indicator: 'TAKER' });

    const firstPage = await client.listOrders({ productIds: ['BTC-USD'] }, { limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.cursor).toBeDefined();
    const walked = [];
    for await (const order of client.iterateOrders({ productIds: ['BTC-USD'] }, { pageSize: 2 }))
      walked.push(order.order_id);
    expect(new Set(walked).size).toBe(walked.length);
    for (const orderId of placedIds) expect(walked).toContain(orderId);
    const filled = await client.listOrders({ orderIds: placedIds, orderStatus: ['FILLED'] }, { limit: 100 });
    expect(filled.items.map((order) => order.order_id).sort()).toEqual([...placedIds].sort());
    expect(filled.cursor).toBeUndefined();
  });
});
