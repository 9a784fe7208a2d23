import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FillDescription } from '../bot-events.js';
import { type FinalState, MAX_PROBLEM_ENTRIES, RunRecorder, writeSummary } from './summary.js';

let clock = Date.parse('2026-03-01T00:00:00.000Z');
const now = () => clock;

const final: FinalState = {
  positions: {
    'BTC-USD': {
      size: '0.001',
      baseCurrency: 'BTC',
      quoteCurrency: 'USD',
      realizedPnl: '1.10',
      unrealizedPnl: '-0.35',
      fees: '0.2',
    },
    'ETH-USD': {
      size: '0',
      baseCurrency: 'ETH',
      quoteCurrency: 'USD',
      realizedPnl: '-0.10',
      unrealizedPnl: '0',
      fees: '0.05',
    },
    'ETH-BTC': {
      size: '0.1',
      baseCurrency: 'ETH',
      quoteCurrency: 'BTC',
      realizedPnl: '0.00001',
      unrealizedPnl: '0.00002',
      fees: '0.000001',
    },
  },
  balances: { USD: { balance: '9970.02', hold: '0', available: '9970.02' } },
  openOrders: [],
  stopReason: 'duration reached',
  endedAt: Date.parse('2026-03-01T00:01:00.000Z'),
};

function fill(overrides: Partial<FillDescription> = {}): FillDescription {
  return {
    tradeId: '1',
    orderId: 'order-1',
    clientOrderId: 'client-1',
    productId: 'BTC-USD',
    side: 'buy',
    price: '30000',
    size: '0.0004',
    fee: '0.048',
    liquidity: 'maker',
    ...overrides,
  };
}

function recorderWithOrders(): RunRecorder {
  const recorder = new RunRecorder({ now });
  recorder.record({
    type: 'bot-started',
    venue: 'sim',
    strategy: 'mm',
    products: ['BTC-USD'],
    journal: undefined,
  });
  for (const index of [1, 2, 3, 4]) {
    recorder.record({
      type: 'order-placed',
      order: {
        clientOrderId: `client-${index}`,
        productId: 'BTC-USD',
        side: 'buy',
        orderType: 'limit',
        price: '30000',
        size: '0.001',
      },
    });
  }
  recorder.record({
    type: 'order-accepted',
    clientOrderId: 'client-1',
    orderId: 'order-1',
    productId: 'BTC-USD',
  });
  recorder.record({
    type: 'order-accepted',
    clientOrderId: 'client-2',
    orderId: 'order-2',
    productId: 'BTC-USD',
  });
  return recorder;
}

describe('RunRecorder', () => {
  it('follows each order from placed to its outcome, with both ids and its filled size', () => {
    const recorder = recorderWithOrders();
    recorder.record({ type: 'order-filled', fill: fill({ tradeId: '10', size: '0.0004' }) });
    recorder.record({ type: 'order-filled', fill: fill({ tradeId: '11', size: '0.0006' }) });
    recorder.record({
      type: 'order-completed',
      clientOrderId: 'client-1',
      orderId: 'order-1',
      productId: 'BTC-USD',
    });
    recorder.record({
      type: 'order-canceled',
      clientOrderId: 'client-2',
      orderId: undefined,
      productId: 'BTC-USD',
    });
    recorder.record({
      type: 'order-rejected',
      clientOrderId: 'client-3',
      productId: 'BTC-USD',
      reason: 'Post only mode',
    });
    // client-4 was placed but never heard of again: it stays working.
    expect(recorder.workingOrders()).toEqual([
      { clientOrderId: 'client-4', orderId: undefined, productId: 'BTC-USD' },
    ]);

    const summary = recorder.summarize(final);
    expect(
      summary.orders.placed.map((order) => [
        order.clientOrderId,
        order.orderId,
        order.status,
        order.filledSize,
      ]),
    ).toEqual([
      ['client-1', 'order-1', 'filled', '0.001'],
      ['client-2', 'order-2', 'canceled', '0'],
      ['client-3', undefined, 'rejected', '0'],
      ['client-4', undefined, 'placed', '0'],
    ]);
    expect(summary.orders.filled).toEqual([
      { clientOrderId: 'client-1', orderId: 'order-1', productId: 'BTC-USD' },
    ]);
    expect(summary.orders.canceled).toEqual([
      { clientOrderId: 'client-2', orderId: 'order-2', productId: 'BTC-USD' },
    ]);
    expect(summary.orders.rejected).toEqual([
      { clientOrderId: 'client-3', orderId: undefined, productId: 'BTC-USD', reason: 'Post only mode' },
    ]);
    expect(summary.fills.map((entry) => entry.tradeId)).toEqual(['10', '11']);
    expect(summary.strategy).toBe('mm');
    expect(summary.startedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(summary.endedAt).toBe('2026-03-01T00:01:00.000Z');
  });

  it('records a fill once however often it is reported, and counts the repeats', () => {
    const recorder = recorderWithOrders();
    recorder.record({ type: 'order-filled', fill: fill({ tradeId: '10' }) });
    recorder.record({ type: 'order-filled', fill: fill({ tradeId: '10' }) });
    // The same trade id on another product is another fill.
    recorder.record({
      type: 'order-filled',
      fill: fill({ tradeId: '10', productId: 'ETH-USD', clientOrderId: undefined }),
    });
    const summary = recorder.summarize(final);
    expect(summary.fills).toHaveLength(2);
    expect(summary.duplicateFillEvents).toBe(1);
    expect(summary.orders.placed[0]?.filledSize).toBe('0.0004');
  });

  it('learns the exchange id from a fill that arrives before the acceptance', () => {
    const recorder = recorderWithOrders();
    recorder.record({ type: 'order-filled', fill: fill({ clientOrderId: 'client-4', orderId: 'order-4' }) });
    expect(recorder.workingOrders()).toContainEqual({
      clientOrderId: 'client-4',
      orderId: 'order-4',
      productId: 'BTC-USD',
    });
  });

  it('sums PnL per quote currency in decimals', () => {
    const summary = new RunRecorder({ now }).summarize(final);
    expect(summary.pnl).toEqual({
      USD: { realized: '1', unrealized: '-0.35', fees: '0.25', total: '0.4' },
      BTC: { realized: '0.00001', unrealized: '0.00002', fees: '0.000001', total: '0.000029' },
    });
  });

  it('counts reconnects and keeps gaps, errors and risk denials with their time, capped', () => {
    const recorder = new RunRecorder({ now });
    recorder.record({ type: 'feed-reconnected' });
    recorder.record({ type: 'feed-reconnected' });
    clock += 1500;
    recorder.record({
      type: 'gap-detected',
      productId: 'BTC-USD',
      channel: 'full',
      expected: '5',
      received: '9',
    });
    recorder.record({ type: 'book-resynced', productId: 'ETH-USD', reason: 'gap' });
    recorder.record({
      type: 'risk-denied',
      productId: 'BTC-USD',
      rule: 'max-open-orders',
      reason: '10 open',
    });
    for (let index = 0; index < MAX_PROBLEM_ENTRIES + 5; index += 1) {
      recorder.record({
        type: 'error-reported',
        source: 'rest',
        code: 'server_error',
        message: `503 #${index}`,
      });
    }
    const summary = recorder.summarize(final);
    expect(summary.reconnects).toBe(2);
    expect(summary.gaps).toEqual([
      {
        at: '2026-03-01T00:00:01.500Z',
        productId: 'BTC-USD',
        channel: 'full',
        detail: 'expected sequence 5, received 9',
      },
      {
        at: '2026-03-01T00:00:01.500Z',
        productId: 'ETH-USD',
        channel: 'level2',
        detail: 'book resynced: gap',
      },
    ]);
    expect(summary.riskDenials[0]).toMatchObject({ rule: 'max-open-orders', reason: '10 open' });
    expect(summary.errors).toHaveLength(MAX_PROBLEM_ENTRIES);
    expect(summary.totals).toEqual({ gaps: 2, errors: MAX_PROBLEM_ENTRIES + 5, riskDenials: 1 });
  });
});

describe('RunRecorder.restore', () => {
  it('takes in the orders and fills of an earlier run, and this run moves them on', () => {
    const recorder = new RunRecorder({ now });
    recorder.restore([
      {
        order: {
          clientOrderId: 'old-1',
          productId: 'BTC-USD',
          side: 'sell',
          orderType: 'limit',
          price: '31000',
          size: '0.002',
        },
        orderId: 'order-old-1',
        status: 'open',
        rejectReason: undefined,
        fills: [
          fill({
            tradeId: '5',
            orderId: 'order-old-1',
            clientOrderId: 'old-1',
            side: 'sell',
            size: '0.0005',
          }),
        ],
      },
      {
        order: {
          clientOrderId: 'old-2',
          productId: 'BTC-USD',
          side: 'buy',
          orderType: 'market',
          funds: '10',
        },
        orderId: undefined,
        status: 'rejected',
        rejectReason: 'Insufficient funds',
        fills: [],
      },
    ]);
    expect(recorder.knownClientOrderIds()).toEqual(new Set(['old-1', 'old-2']));
    // The restarted bot hears of a fill it missed while down, and of the restored fill again.
    recorder.record({
      type: 'order-filled',
      fill: fill({
        tradeId: '6',
        orderId: 'order-old-1',
        clientOrderId: 'old-1',
        side: 'sell',
        size: '0.0015',
      }),
    });
    recorder.record({
      type: 'order-filled',
      fill: fill({
        tradeId: '5',
        orderId: 'order-old-1',
        clientOrderId: 'old-1',
        side: 'sell',
        size: '0.0005',
      }),
    });
    recorder.record({
      type: 'order-completed',
      clientOrderId: 'old-1',
      orderId: 'order-old-1',
      productId: 'BTC-USD',
    });
    const summary = recorder.summarize(final);
    expect(
      summary.orders.placed.map((order) => [
        order.clientOrderId,
        order.status,
        order.filledSize,
        order.restored,
      ]),
    ).toEqual([
      ['old-1', 'filled', '0.002', true],
      ['old-2', 'rejected', '0', true],
    ]);
    expect(summary.fills.map((entry) => entry.tradeId)).toEqual(['5', '6']);
    expect(summary.duplicateFillEvents).toBe(1);
    expect(summary.orders.rejected[0]?.reason).toBe('Insufficient funds');
  });
});

describe('writeSummary', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it('writes the JSON into a new folder and leaves no partial file behind', async () => {
    directory = await mkdtemp(join(tmpdir(), 'summary-'));
    const path = join(directory, 'nested', 'summary.json');
    const summary = recorderWithOrders().summarize(final);
    await writeSummary(path, summary);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(await readdir(join(directory, 'nested'))).toEqual(['summary.json']);
  });
});
