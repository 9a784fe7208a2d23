import { ExactDecimal, quantize } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CandleFillRules,
  type CandleOrder,
  candleOutcome,
  candlePath,
  lowComesFirst,
} from './candle-fill-model.js';

const d = (value: string) => new ExactDecimal(value);
const candle = (open: string, high: string, low: string, close: string) => ({
  open: d(open),
  high: d(high),
  low: d(low),
  close: d(close),
});
const tick = d('0.01');
const rules = (touch = false, bps = '0'): CandleFillRules => ({
  touch,
  slip: (price: Decimal, side) =>
    side === 'buy'
      ? quantize(price.times(d(bps).div(10_000).plus(1)), tick, 'up')
      : quantize(price.times(d('1').minus(d(bps).div(10_000))), tick, 'down'),
});
const outcome = (
  order: CandleOrder,
  prices: ReturnType<typeof candle>,
  arriving = true,
  fillRules = rules(),
) => {
  const result = candleOutcome(order, prices, arriving, fillRules);
  return result.kind === 'fill' ? { ...result, price: result.price.toFixed() } : result;
};

describe('candlePath', () => {
  it('visits the extreme nearer the open first, the low on a tie', () => {
    expect(candlePath(candle('100', '110', '99', '105')).map(String)).toEqual(['100', '99', '110', '105']);
    expect(candlePath(candle('109', '110', '99', '105')).map(String)).toEqual(['109', '110', '99', '105']);
    expect(candlePath(candle('100', '105', '95', '101')).map(String)).toEqual(['100', '95', '105', '101']);
  });
});

describe('lowComesFirst', () => {
  it('decides like exact Decimal arithmetic, ties included', () => {
    const cents = fc.integer({ min: 1, max: 10_000_000_000 });
    const text = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
    fc.assert(
      fc.property(cents, cents, cents, (a, b, c) => {
        const [low, open, high] = [a, b, c].sort((x, y) => x - y).map(text) as [string, string, string];
        const exact = d(open).minus(low).lessThanOrEqualTo(d(high).minus(open));
        expect(lowComesFirst(open, high, low, d(open), d(high), d(low))).toBe(exact);
      }),
    );
    expect(lowComesFirst('100', '110', '90', d('100'), d('110'), d('90'))).toBe(true);
  });
});

describe('candleOutcome', () => {
  it('fills a market order at the open, worse by the slippage, only on its arrival candle', () => {
    const prices = candle('100', '110', '90', '105');
    expect(outcome({ side: 'buy', type: 'market' }, prices, true, rules(false, '15'))).toEqual({
      kind: 'fill',
      point: 0,
      price: '100.15',
      liquidity: 'taker',
    });
    expect(
      outcome(
        { side: 'sell', type: 'market' },
        candle('99.99', '100', '99', '99.5'),
        true,
        rules(false, '1'),
      ),
    ).toMatchObject({
      price: '99.98',
    });
    expect(outcome({ side: 'buy', type: 'market' }, prices, false)).toEqual({ kind: 'none' });
  });

  it('needs a limit to be traded through; a touch fills only with the option', () => {
    const touching = candle('100', '105', '98', '104');
    expect(outcome({ side: 'buy', type: 'limit', price: d('98') }, touching)).toEqual({ kind: 'none' });
    expect(
      outcome({ side: 'buy', type: 'limit', price: d('98') }, touching, true, rules(true)),
    ).toMatchObject({
      point: 1,
      price: '98',
      liquidity: 'maker',
    });
    expect(outcome({ side: 'sell', type: 'limit', price: d('104.99') }, touching)).toMatchObject({
      point: 2,
      price: '104.99',
    });
  });

  it('fills a limit the arriving candle opens through at the open, as taker; a resting one at its price', () => {
    const gapDown = candle('95', '96', '94', '95');
    expect(outcome({ side: 'buy', type: 'limit', price: d('98') }, gapDown, true)).toMatchObject({
      point: 0,
      price: '95',
      liquidity: 'taker',
    });
    expect(outcome({ side: 'buy', type: 'limit', price: d('98') }, gapDown, false)).toMatchObject({
      point: 0,
      price: '98',
      liquidity: 'maker',
    });
  });

  it('triggers a sell stop through the stop: taker at the stop, or at the open after a gap', () => {
    const stop = { side: 'sell', type: 'stop', stopPrice: d('95'), price: d('90') } as const;
    // The high (1 away) comes before the low (6 away): the stop triggers at point 2.
    expect(outcome(stop, candle('100', '101', '94', '96'))).toMatchObject({
      point: 2,
      price: '95',
      liquidity: 'taker',
      triggeredAt: 2,
    });
    expect(outcome(stop, candle('100', '101', '95', '96'))).toEqual({ kind: 'none' });
    expect(outcome(stop, candle('100', '101', '95', '96'), true, rules(true))).toMatchObject({ price: '95' });
    expect(outcome(stop, candle('93', '94', '92', '93'))).toMatchObject({
      point: 0,
      price: '93',
      triggeredAt: 0,
    });
  });

  it('rests a triggered stop whose limit is not marketable, and fills it later on the path', () => {
    const buyStop = { side: 'buy', type: 'stop', stopPrice: d('105'), price: d('104') } as const;
    // Opens above the stop (gap up): triggered at 107, above the limit: rests at 104; the low 103 goes through it.
    expect(outcome(buyStop, candle('107', '108', '103', '106'))).toMatchObject({
      kind: 'fill',
      point: 2,
      price: '104',
      liquidity: 'maker',
      triggeredAt: 0,
    });
    expect(outcome(buyStop, candle('107', '108', '106', '107'))).toEqual({ kind: 'triggered', point: 0 });
    expect(
      outcome({ ...buyStop, triggered: true }, candle('105', '106', '103.5', '104'), false),
    ).toMatchObject({
      price: '104',
      liquidity: 'maker',
    });
  });
});
