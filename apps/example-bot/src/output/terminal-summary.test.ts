import { describe, expect, it } from 'vitest';
import { RunRecorder } from './summary.js';
import { terminalSummaryData, terminalSummaryLines } from './terminal-summary.js';

function summary() {
  let now = Date.parse('2026-12-05T08:00:00.000Z');
  const recorder = new RunRecorder({ now: () => now });
  recorder.record({
    type: 'bot-started',
    venue: 'sim',
    strategy: 'market-maker',
    products: ['BTC-USD'],
    journal: undefined,
  });
  const order = (id: string) => ({
    clientOrderId: id,
    productId: 'BTC-USD',
    side: 'buy' as const,
    orderType: 'limit' as const,
    price: '64000',
    size: '0.001',
  });
  for (const id of ['a', 'b', 'c', 'd']) recorder.record({ type: 'order-placed', order: order(id) });
  recorder.record({
    type: 'order-filled',
    fill: {
      tradeId: '1',
      orderId: 'x',
      clientOrderId: 'a',
      productId: 'BTC-USD',
      side: 'buy',
      price: '64000',
      size: '0.001',
      fee: '0.256',
      liquidity: 'maker',
    },
  });
  recorder.record({ type: 'order-completed', clientOrderId: 'a', orderId: 'x', productId: 'BTC-USD' });
  recorder.record({ type: 'order-canceled', clientOrderId: 'b', orderId: 'y', productId: 'BTC-USD' });
  recorder.record({ type: 'order-rejected', clientOrderId: 'c', productId: 'BTC-USD', reason: 'post only' });
  recorder.record({ type: 'feed-reconnected' });
  recorder.record({
    type: 'gap-detected',
    productId: 'BTC-USD',
    channel: 'level2',
    expected: '5',
    received: '7',
  });
  now += 83_000;
  return recorder.summarize({
    positions: {
      'BTC-USD': {
        size: '0.001',
        baseCurrency: 'BTC',
        quoteCurrency: 'USD',
        realizedPnl: '0',
        unrealizedPnl: '-0.031234567891',
        fees: '0.256',
      },
    },
    balances: {
      USD: { balance: '99935.744', hold: '0', available: '99935.744' },
      BTC: { balance: '10.001', hold: '0.001', available: '10' },
      ETH: { balance: '0', hold: '0', available: '0' },
    },
    openOrders: [{ clientOrderId: 'd', orderId: 'z', productId: 'BTC-USD' }],
    stopReason: 'SIGINT',
    endedAt: now,
  });
}

describe('terminal summary', () => {
  it('prints orders, fills, PnL per quote, balances, feed trouble and the files', () => {
    expect(terminalSummaryLines(summary(), { summaryJson: '/runs/summary.json' })).toEqual([
      `── run summary ${'─'.repeat(56)}`,
      'stopped     SIGINT after 1m 23s · market-maker on BTC-USD',
      'orders      4 placed · 1 filled · 1 canceled · 1 rejected · 1 open at exit',
      'fills       1 · fees 0.26 USD',
      'pnl USD     realized +0.00 USD · unrealized -0.03 USD · fees 0.26 USD · net -0.29 USD',
      'balances    99,935.74 USD · 10.001 BTC (hold 0.001)',
      'feed        1 reconnect(s) · 1 gap(s)',
      'summary     /runs/summary.json',
      'report      not written (add --report <file.html>)',
    ]);
  });

  it('gives the same numbers as one object for JSON logs', () => {
    expect(terminalSummaryData(summary(), { report: '/runs/run.html' })).toMatchObject({
      stopReason: 'SIGINT',
      orders: { placed: 4, filled: 1, canceled: 1, rejected: 1, openAtExit: 1 },
      fills: 1,
      reconnects: 1,
      gaps: 1,
      balances: { USD: '99935.744', BTC: '10.001', ETH: '0' },
      reportPath: '/runs/run.html',
    });
  });
});
