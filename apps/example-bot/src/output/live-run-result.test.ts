import { parseRunResult } from '@tradeloop/report';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { BotEvent, ProductStatus } from '../bot-events.js';
import { keepSample, LiveRunRecorder, MAX_SAMPLES } from './live-run-result.js';
import { RunRecorder } from './summary.js';

const START = Date.parse('2026-12-05T08:00:00.000Z');

function status(
  price: string,
  position: string,
  realizedPnl: string,
  unrealizedPnl: string,
  fees = '0',
): ProductStatus {
  return {
    productId: 'BTC-USD',
    price,
    position,
    baseCurrency: 'BTC',
    quoteCurrency: 'USD',
    realizedPnl,
    unrealizedPnl,
    fees,
  };
}

/** A ten-minute run: status every 5 s, one buy and one sell fill, two quotes working at the stop. */
function run() {
  let now = START;
  const recorder = new RunRecorder({ now: () => now });
  const live = new LiveRunRecorder({ now: () => now });
  const emit = (event: BotEvent) => {
    recorder.record(event);
    live.record(event);
  };
  emit({
    type: 'bot-started',
    venue: 'the embedded simulator',
    strategy: 'market-maker',
    products: ['BTC-USD'],
    journal: undefined,
  });
  const order = (id: string, side: 'buy' | 'sell', price: string) => ({
    clientOrderId: id,
    productId: 'BTC-USD',
    side,
    orderType: 'limit' as const,
    price,
    size: '0.001',
  });
  for (let step = 0; step < 120; step += 1) {
    now = START + step * 5000;
    const price = (64000 + Math.round(Math.sin(step / 10) * 50)).toFixed(2);
    if (step === 20) {
      emit({ type: 'order-placed', order: order('buy-1', 'buy', '63990') });
      emit({
        type: 'order-filled',
        fill: {
          tradeId: '7',
          orderId: 'o1',
          clientOrderId: 'buy-1',
          productId: 'BTC-USD',
          side: 'buy',
          price: '63990',
          size: '0.001',
          fee: '0.26',
          liquidity: 'maker',
        },
      });
      emit({ type: 'order-completed', clientOrderId: 'buy-1', orderId: 'o1', productId: 'BTC-USD' });
    }
    if (step === 80) {
      emit({ type: 'order-placed', order: order('sell-1', 'sell', '64040') });
      emit({
        type: 'order-filled',
        fill: {
          tradeId: '9',
          orderId: 'o2',
          clientOrderId: 'sell-1',
          productId: 'BTC-USD',
          side: 'sell',
          price: '64040',
          size: '0.001',
          fee: '0.26',
          liquidity: 'maker',
        },
      });
      emit({ type: 'order-completed', clientOrderId: 'sell-1', orderId: 'o2', productId: 'BTC-USD' });
    }
    // Realized before fees, as the status line reports it: the equity nets the fees out.
    const realized = step >= 80 ? '0.05' : '0';
    const fees = step >= 80 ? '0.52' : step >= 20 ? '0.26' : '0';
    const unrealized = step >= 20 && step < 80 ? (Number(price) - 63990).toFixed(2) : '0';
    emit({
      type: 'status-reported',
      products: [
        status(
          price,
          step >= 20 && step < 80 ? '0.001' : '0',
          realized,
          (Number(unrealized) / 1000).toFixed(2),
          fees,
        ),
      ],
      openOrders: 0,
    });
  }
  emit({ type: 'order-placed', order: order('bid', 'buy', '63900') });
  emit({ type: 'order-placed', order: order('ask', 'sell', '64100') });
  emit({ type: 'shutdown-started', reason: 'SIGINT' });
  emit({ type: 'order-canceled', clientOrderId: 'bid', orderId: undefined, productId: 'BTC-USD' });
  emit({ type: 'order-canceled', clientOrderId: 'ask', orderId: undefined, productId: 'BTC-USD' });
  now += 1000;
  const summary = recorder.summarize({
    positions: {
      'BTC-USD': {
        size: '0',
        baseCurrency: 'BTC',
        quoteCurrency: 'USD',
        realizedPnl: '0.05',
        unrealizedPnl: '0',
        fees: '0.52',
      },
    },
    balances: {
      USD: { balance: '99999.53', hold: '0', available: '99999.53' },
      BTC: { balance: '10', hold: '0', available: '10' },
    },
    openOrders: [],
    stopReason: 'SIGINT',
    endedAt: now,
  });
  return { summary, result: live.toRunResult(summary, { kind: 'paper', parameters: { spread: '0.0004' } }) };
}

describe('the run result of a bot run', () => {
  it('is a valid run result that @tradeloop/report renders', () => {
    const { result } = run();
    expect(parseRunResult(JSON.parse(JSON.stringify(result)))).toEqual(result);
    expect(result.kind).toBe('paper');
    expect(result.config).toMatchObject({
      strategy: 'market-maker',
      parameters: { spread: '0.0004' },
      products: ['BTC-USD'],
    });
  });

  it('turns the sampled prices into candles of a length that gives a readable chart', () => {
    const { result } = run();
    const candles = result.prices['BTC-USD'] ?? [];
    // 10 minutes of samples every 5 s → 5-second candles would be 120, 15-second ones 40: 5 s it is.
    expect(candles.length).toBeGreaterThanOrEqual(60);
    for (const candle of candles) {
      expect(Number(candle.low)).toBeLessThanOrEqual(Math.min(Number(candle.open), Number(candle.close)));
      expect(Number(candle.high)).toBeGreaterThanOrEqual(Math.max(Number(candle.open), Number(candle.close)));
    }
    expect(candles.find((candle) => candle.time === '2026-12-05T08:01:40.000Z')?.volume).toBe('0.001');
  });

  it('dates each fill when it was heard, and ends the equity at the account value', () => {
    const { result, summary } = run();
    expect(result.trades.map((trade) => [trade.time, trade.side, trade.price, trade.fee])).toEqual([
      ['2026-12-05T08:01:40.000Z', 'buy', '63990', '0.26'],
      ['2026-12-05T08:06:40.000Z', 'sell', '64040', '0.26'],
    ]);
    const lastPrice = result.prices['BTC-USD']?.at(-1)?.close ?? '';
    const accountValue = (99999.53 + 10 * Number(lastPrice)).toFixed(2);
    expect(result.equity.at(-1)).toEqual({ time: summary.endedAt, value: accountValue });
    // The last status line: realized +0.05 less 0.52 of fees, flat: the run's equity moved by −0.47.
    const first = new Decimal(result.equity[0]?.value ?? Number.NaN);
    expect(new Decimal(result.equity.at(-2)?.value ?? Number.NaN).minus(first).toFixed(2)).toBe('-0.47');
    expect(result.metrics.overall.trades).toBe(2);
    expect(result.metrics.overall.feesPaid).toBe('0.52');
    expect(result.metrics.overall.sharpe).toBeNull();
    expect(result.summary).toMatchObject({
      ordersPlaced: 4,
      ordersFilled: 2,
      ordersCanceled: 2,
      fills: 2,
      stopReason: 'SIGINT',
    });
  });

  it('keeps the orders that were working when the stop began, as lines for the chart', () => {
    const { result } = run();
    expect(
      result.orders?.map((order) => [order.clientOrderId, order.side, order.price, order.status]),
    ).toEqual([
      ['bid', 'buy', '63900', 'canceled at stop'],
      ['ask', 'sell', '64100', 'canceled at stop'],
    ]);
  });
});

describe('keepSample', () => {
  it('stays within MAX_SAMPLES by thinning to every other sample, keeping the first and the newest', () => {
    const samples: number[] = [];
    for (let index = 0; index < MAX_SAMPLES * 3; index += 1) keepSample(samples, index);
    expect(samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(samples[0]).toBe(0);
    expect(samples.at(-1)).toBe(MAX_SAMPLES * 3 - 1);
    expect(samples).toEqual([...samples].sort((left, right) => left - right));
  });
});
