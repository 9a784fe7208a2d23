import { createCdpCredentials, ExchangeClock } from '@tradeloop/auth';
import { sleep, systemClock } from '@tradeloop/clock';
import { CoinbaseAdvancedTradeClient } from '@tradeloop/rest';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { clientOrderId, productId, type VenueEvent } from '@tradeloop/strategy-kit';
import { AdvancedTradeFeed } from '@tradeloop/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvancedTradeVenue } from './advanced-trade-venue.js';

let sim: RunningSimulator;
let venue: AdvancedTradeVenue;
const events: VenueEvent[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 9, rateLimits: false, market: { enabled: true, speed: 5 } });
  // The REST side reads another account's fills: REST never shows what the feed announces, the
  // way a lagging (or failing) fills endpoint would. Real feeds, real REST, real fills.
  const elsewhere = sim.createCdpKey({ balances: { USD: '1000' } });
  const clock = new ExchangeClock();
  const feedOptions = { credentials: createCdpCredentials(sim.advancedTrade), clock };
  venue = new AdvancedTradeVenue({
    client: new CoinbaseAdvancedTradeClient({
      baseUrl: sim.advancedTrade.restUrl,
      credentials: createCdpCredentials(elsewhere),
      clock,
      rateLimit: false,
    }),
    userFeed: new AdvancedTradeFeed({ ...feedOptions, url: sim.advancedTrade.userWsUrl }),
    marketFeed: new AdvancedTradeFeed({ ...feedOptions, url: sim.advancedTrade.wsUrl }),
    clock,
    ownsConnections: true,
    fillLookups: { attempts: 3, delayMs: 10 },
  });
  await venue.subscribe(
    { productIds: [productId('BTC-USD')], ticker: false, trades: false, book: false },
    (event) => events.push(event),
  );
});

afterAll(async () => {
  await venue?.close();
  await sim?.stop();
});

describe('fills the user channel announces but REST does not show', () => {
  it('are handed to reconciliation as a gap on user, and the order’s report still follows', async () => {
    const trader = new CoinbaseAdvancedTradeClient({
      baseUrl: sim.advancedTrade.restUrl,
      credentials: createCdpCredentials(sim.advancedTrade),
      rateLimit: false,
    });
    const placed = await trader.createOrder({
      client_order_id: clientOrderId('00000000-0000-4000-8000-0000000000aa'),
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { market_market_ioc: { base_size: '0.01' } },
    });
    trader.close();
    const deadline = Date.now() + 5_000;
    const filled = () =>
      events.find(
        (event) =>
          event.type === 'order-report' &&
          event.report.orderId === placed.order_id &&
          event.report.status === 'filled',
      );
    while (filled() === undefined && Date.now() < deadline) await sleep(systemClock, 20);
    expect(filled()).toBeDefined();
    const gap = events.find((event) => event.type === 'gap-detected');
    expect(gap).toMatchObject({
      type: 'gap-detected',
      productId: 'BTC-USD',
      channel: 'user (fills)',
      detail: `order ${placed.order_id} filled 0.01 on the user channel, its fills show 0`,
    });
    expect(events.indexOf(gap as VenueEvent)).toBeLessThan(events.indexOf(filled() as VenueEvent));
    expect(events.filter((event) => event.type === 'fill')).toEqual([]);
  });
});
