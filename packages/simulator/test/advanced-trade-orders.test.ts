import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { AdvancedTradeTestClient } from './support/advanced-trade.js';
import { TestRestClient } from './support/rest.js';

// Advanced Trade orders over real loopback HTTP against a quiet simulator: every configuration,
// the repeated client_order_id, trading across protocols, edits, cancels, history and fills.
let simulator: RunningSimulator;
let trader: AdvancedTradeTestClient;
let counterparty: TestRestClient;
let third: TestRestClient;
const B = '/api/v3/brokerage';

beforeAll(async () => {
  simulator = await startSimulator({
    rateLimits: false,
    market: { enabled: false },
    balances: { USD: '1000000', BTC: '100', ETH: '1000' },
  });
  trader = new AdvancedTradeTestClient(simulator.restUrl, simulator.advancedTrade);
  counterparty = new TestRestClient(
    simulator.restUrl,
    simulator.createApiKey({ balances: { USD: '1000000', BTC: '100', ETH: '1000' } }),
  );
  third = new TestRestClient(
    simulator.restUrl,
    simulator.createApiKey({ balances: { USD: '1000000', BTC: '100', ETH: '1000' } }),
  );
});

afterAll(async () => {
  counterparty.close();
  third.close();
  await simulator.stop();
});

function create(
  side: 'BUY' | 'SELL',
  configuration: Record<string, unknown>,
  clientOrderId: string = randomUUID(),
  productId = 'BTC-USD',
) {
  return trader.post(`${B}/orders`, {
    client_order_id: clientOrderId,
    product_id: productId,
    side,
    order_configuration: configuration,
  });
}

async function order(orderId: string) {
  const response = await trader.get(`${B}/orders/historical/${orderId}`);
  expect(response.status).toBe(200);
  return response.body.order;
}

describe('Advanced Trade orders', () => {
  it('rests a GTC limit order and shows it OPEN with its configuration and client id', async () => {
    const clientOrderId = randomUUID();
    const created = await create(
      'BUY',
      { limit_limit_gtc: { base_size: '0.01', limit_price: '50000.00', post_only: true } },
      clientOrderId,
    );
    expect(created.status).toBe(200);
    expect(created.body.success).toBe(true);
    expect(created.body.success_response).toMatchObject({
      product_id: 'BTC-USD',
      side: 'BUY',
      client_order_id: clientOrderId,
    });
    const shown = await order(created.body.success_response.order_id);
    expect(shown).toMatchObject({
      status: 'OPEN',
      order_type: 'LIMIT',
      time_in_force: 'GOOD_UNTIL_CANCELLED',
      client_order_id: clientOrderId,
      filled_size: '0',
      order_configuration: {
        limit_limit_gtc: { base_size: '0.01', limit_price: '50000.00', post_only: true },
      },
    });
  });

  it('answers a repeated client_order_id with the existing order and places nothing', async () => {
    const clientOrderId = `any-text-${randomUUID()}`;
    const first = await create(
      'BUY',
      { limit_limit_gtc: { base_size: '0.01', limit_price: '40000.00' } },
      clientOrderId,
    );
    const again = await create(
      'BUY',
      { limit_limit_gtc: { base_size: '0.02', limit_price: '41000.00' } },
      clientOrderId,
    );
    expect(again.body.success).toBe(true);
    expect(again.body.success_response.order_id).toBe(first.body.success_response.order_id);
    const listed = await trader.get(`${B}/orders/historical/batch?order_status=OPEN&limit=1000`);
    const named = listed.body.orders.filter(
      (entry: { client_order_id: string }) => entry.client_order_id === clientOrderId,
    );
    expect(named).toHaveLength(1);
  });

  it('trades with an order placed through the Exchange protocol, and fills show on both sides', async () => {
    const resting = await counterparty.post('/orders', {
      product_id: 'ETH-USD',
      side: 'sell',
      price: '3000.00',
      size: '0.5',
    });
    expect(resting.status).toBe(200);
    const created = await create('BUY', { market_market_ioc: { base_size: '0.5' } }, randomUUID(), 'ETH-USD');
    expect(created.body.success).toBe(true);
    const orderId = created.body.success_response.order_id;
    const shown = await order(orderId);
    expect(shown).toMatchObject({
      status: 'FILLED',
      filled_size: '0.5',
      average_filled_price: '3000',
      number_of_fills: '1',
      order_type: 'MARKET',
    });
    const fills = await trader.get(`${B}/orders/historical/fills?order_ids=${orderId}`);
    expect(fills.body.fills).toHaveLength(1);
    expect(fills.body.fills[0]).toMatchObject({
      order_id: orderId,
      price: '3000',
      size: '0.5',
      side: 'BUY',
      liquidity_indicator: 'TAKER',
    });
    const exchangeView = (await counterparty.get(`/orders/${(resting.body as { id: string }).id}`)).body as {
      status: string;
    };
    expect(exchangeView.status).toBe('done');
  });

  it('spends quote_size on a market buy', async () => {
    await counterparty.post('/orders', { product_id: 'ETH-USD', side: 'sell', price: '3100.00', size: '1' });
    const created = await create(
      'BUY',
      { market_market_ioc: { quote_size: '310.00' } },
      randomUUID(),
      'ETH-USD',
    );
    const shown = await order(created.body.success_response.order_id);
    expect(shown.status).toBe('FILLED');
    expect(shown.size_in_quote).toBe(true);
    expect(Number(shown.filled_value)).toBeLessThanOrEqual(310);
  });

  it('kills an unfillable FOK and an unfilled IOC (sor_limit_ioc)', async () => {
    const fok = await create('BUY', { limit_limit_fok: { base_size: '1000', limit_price: '1.00' } });
    expect((await order(fok.body.success_response.order_id)).status).toBe('CANCELLED');
    const ioc = await create('BUY', { sor_limit_ioc: { base_size: '2', limit_price: '1.00' } });
    const shown = await order(ioc.body.success_response.order_id);
    expect(shown).toMatchObject({ status: 'CANCELLED', time_in_force: 'IMMEDIATE_OR_CANCEL' });
  });

  it('expires a GTD limit order at end_time (EXPIRED)', async () => {
    const endTime = new Date(Date.now() + 300).toISOString();
    const created = await create('BUY', {
      limit_limit_gtd: { base_size: '0.01', limit_price: '30000.00', end_time: endTime },
    });
    expect((await order(created.body.success_response.order_id)).status).toBe('OPEN');
    await new Promise((resolve) => setTimeout(resolve, 600));
    const shown = await order(created.body.success_response.order_id);
    expect(shown).toMatchObject({ status: 'EXPIRED', time_in_force: 'GOOD_UNTIL_DATE_TIME' });
  });

  it('keeps stop-limits pending until the stop trades, then triggers them', async () => {
    for (const kind of ['stop_limit_stop_limit_gtc', 'stop_limit_stop_limit_gtd'] as const) {
      const configuration: Record<string, unknown> = {
        base_size: '0.1',
        limit_price: '2900.00',
        stop_price: '2950.00',
        stop_direction: 'STOP_DIRECTION_STOP_DOWN',
      };
      if (kind.endsWith('gtd')) configuration.end_time = new Date(Date.now() + 3_600_000).toISOString();
      const created = await create('SELL', { [kind]: configuration }, randomUUID(), 'ETH-USD');
      expect(created.body.success).toBe(true);
      const pending = await order(created.body.success_response.order_id);
      expect(pending).toMatchObject({
        status: 'OPEN',
        order_type: 'STOP_LIMIT',
        trigger_status: 'STOP_PENDING',
      });
    }
    // A trade at 2950 fires both stops: they rest as limit sells at 2900 and meet this buy.
    await counterparty.post('/orders', {
      product_id: 'ETH-USD',
      side: 'buy',
      price: '2950.00',
      size: '0.01',
    });
    await third.post('/orders', { product_id: 'ETH-USD', side: 'sell', price: '2950.00', size: '0.01' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await counterparty.post('/orders', { product_id: 'ETH-USD', side: 'buy', price: '2950.00', size: '0.2' });
    const listed = await trader.get(
      `${B}/orders/historical/batch?product_ids=ETH-USD&order_types=STOP_LIMIT`,
    );
    expect(listed.body.orders).toHaveLength(2);
    for (const entry of listed.body.orders)
      expect(entry).toMatchObject({ status: 'FILLED', trigger_status: 'STOP_TRIGGERED' });
  });

  it('runs a bracket: rests the take-profit, and on the stop trigger sells the rest at market', async () => {
    await counterparty.post('/orders', { product_id: 'BTC-USD', side: 'buy', price: '60000.00', size: '1' });
    for (const kind of ['trigger_bracket_gtc', 'trigger_bracket_gtd'] as const) {
      const configuration: Record<string, unknown> = {
        base_size: '0.1',
        limit_price: '70000.00',
        stop_trigger_price: '61000.00',
      };
      if (kind.endsWith('gtd')) configuration.end_time = new Date(Date.now() + 3_600_000).toISOString();
      const created = await create('SELL', { [kind]: configuration });
      const shown = await order(created.body.success_response.order_id);
      expect(shown).toMatchObject({ status: 'OPEN', order_type: 'BRACKET', trigger_status: 'STOP_PENDING' });
    }
    // A trade at 60000 crosses the 61000 trigger.
    await third.post('/orders', { product_id: 'BTC-USD', side: 'sell', price: '60000.00', size: '0.01' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const listed = await trader.get(`${B}/orders/historical/batch?order_types=BRACKET`);
    expect(listed.body.orders).toHaveLength(2);
    for (const entry of listed.body.orders) {
      expect(entry).toMatchObject({
        status: 'FILLED',
        trigger_status: 'STOP_TRIGGERED',
        filled_size: '0.1',
        average_filled_price: '60000',
      });
    }
  });

  it('refuses bad requests with INVALID_ARGUMENT and engine refusals with success:false', async () => {
    const missing = await trader.post(`${B}/orders`, {
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'INVALID_ARGUMENT' });
    const unknown = await create('BUY', { twap_limit_gtd: {} });
    expect(unknown.status).toBe(400);
    const poor = await create('BUY', { limit_limit_gtc: { base_size: '1000', limit_price: '50000.00' } });
    expect(poor.status).toBe(200);
    expect(poor.body).toMatchObject({
      success: false,
      error_response: { error: 'INSUFFICIENT_FUND', preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND' },
    });
    const precise = await create('BUY', { limit_limit_gtc: { base_size: '0.01', limit_price: '50000.001' } });
    expect(precise.body.error_response.error).toBe('INVALID_PRICE_PRECISION');
    await counterparty.post('/orders', {
      product_id: 'BTC-USD',
      side: 'sell',
      price: '65000.00',
      size: '0.01',
    });
    const crossing = await create('BUY', {
      limit_limit_gtc: { base_size: '0.01', limit_price: '66000.00', post_only: true },
    });
    expect(crossing.body.error_response.error).toBe('INVALID_LIMIT_PRICE_POST_ONLY');
  });

  it('answers a body not declared JSON with 415 and places nothing', async () => {
    const clientOrderId = randomUUID();
    const body = JSON.stringify({
      client_order_id: clientOrderId,
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '40000.00' } },
    });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const refused = await trader.request('POST', `${B}/orders`, body, undefined, {
        'Content-Type': contentType,
      });
      expect(refused.status, contentType).toBe(415);
      expect(refused.body).toMatchObject({ error: 'INVALID_ARGUMENT' });
      expect(refused.body.message).toContain('application/json');
    }
    const listed = await trader.get(`${B}/orders/historical/batch?limit=1000`);
    expect(
      listed.body.orders.filter(
        (entry: { client_order_id: string }) => entry.client_order_id === clientOrderId,
      ),
    ).toHaveLength(0);
  });

  it('previews an order without placing it', async () => {
    const before = (await trader.get(`${B}/orders/historical/batch?limit=1000`)).body.orders.length;
    const preview = await trader.post(`${B}/orders/preview`, {
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '0.5', limit_price: '50000.00' } },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ base_size: '0.5', quote_size: '25000', errs: [] });
    expect(Number(preview.body.commission_total)).toBeGreaterThan(0);
    const tooBig = await trader.post(`${B}/orders/preview`, {
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '500', limit_price: '50000.00' } },
    });
    expect(tooBig.body.errs).toContain('PREVIEW_INSUFFICIENT_FUND');
    expect((await trader.get(`${B}/orders/historical/batch?limit=1000`)).body.orders.length).toBe(before);
  });

  it('edits a resting limit order in place (same order id, new price and size, edit history)', async () => {
    const created = await create('BUY', { limit_limit_gtc: { base_size: '0.01', limit_price: '45000.00' } });
    const orderId = created.body.success_response.order_id;
    const preview = await trader.post(`${B}/orders/edit_preview`, {
      order_id: orderId,
      price: '45500.00',
      size: '0.02',
    });
    expect(preview.body.errors).toEqual([]);
    const edited = await trader.post(`${B}/orders/edit`, {
      order_id: orderId,
      price: '45500.00',
      size: '0.02',
    });
    expect(edited.body).toEqual({ success: true, errors: [] });
    const shown = await order(orderId);
    expect(shown).toMatchObject({
      status: 'OPEN',
      order_configuration: { limit_limit_gtc: { limit_price: '45500.00', base_size: '0.02' } },
    });
    expect(shown.edit_history).toHaveLength(1);
    const same = await trader.post(`${B}/orders/edit`, {
      order_id: orderId,
      price: '45500.00',
      size: '0.02',
    });
    expect(same.body.errors[0].edit_failure_reason).toBe('EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST');
    const market = await create('SELL', { market_market_ioc: { base_size: '0.001' } });
    const refused = await trader.post(`${B}/orders/edit`, {
      order_id: market.body.success_response.order_id,
      price: '1.00',
      size: '1',
    });
    expect(refused.body.success).toBe(false);
  });

  it('cancels in a batch, reporting each order', async () => {
    const a = (await create('BUY', { limit_limit_gtc: { base_size: '0.01', limit_price: '20000.00' } })).body
      .success_response.order_id;
    const b = (await create('BUY', { limit_limit_gtc: { base_size: '0.01', limit_price: '20001.00' } })).body
      .success_response.order_id;
    const response = await trader.post(`${B}/orders/batch_cancel`, { order_ids: [a, b, randomUUID()] });
    expect(response.body.results).toEqual([
      { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: a },
      { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: b },
      expect.objectContaining({ success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER' }),
    ]);
    expect((await order(a)).status).toBe('CANCELLED');
    const again = await trader.post(`${B}/orders/batch_cancel`, { order_ids: [a] });
    expect(again.body.results[0].success).toBe(false);
  });

  it('pages the history with a cursor that survives new orders, and filters by status and side', async () => {
    const seen = new Set<string>();
    let cursor = '';
    let pages = 0;
    for (;;) {
      const response = await trader.get(
        `${B}/orders/historical/batch?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages += 1;
      for (const entry of response.body.orders) {
        expect(seen.has(entry.order_id)).toBe(false);
        seen.add(entry.order_id);
      }
      if (pages === 1)
        await create('BUY', { limit_limit_gtc: { base_size: '0.01', limit_price: '10000.00' } });
      if (!response.body.has_next) break;
      cursor = response.body.cursor;
    }
    expect(pages).toBeGreaterThan(3);
    const all = (await trader.get(`${B}/orders/historical/batch?limit=1000`)).body.orders;
    expect(seen.size).toBe(all.length - 1);
    const open = (
      await trader.get(`${B}/orders/historical/batch?order_status=OPEN&order_side=BUY&limit=1000`)
    ).body.orders;
    expect(open.length).toBeGreaterThan(0);
    for (const entry of open) expect(entry).toMatchObject({ status: 'OPEN', side: 'BUY' });
    expect((await trader.get(`${B}/orders/historical/batch?cursor=nope`)).status).toBe(400);
    const missing = await trader.get(`${B}/orders/historical/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('order with this orderID was not found');
  });
});
