import { describe, expect, it } from 'vitest';
import { backtestFixture, liveFixture } from './__fixtures__/run-results.js';
import { parseRunResult } from './parse-run-result.js';
import { RunResultError } from './run-result-error.js';

function failure(input: unknown): RunResultError {
  try {
    parseRunResult(input);
  } catch (error) {
    if (RunResultError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected parseRunResult to throw');
}

describe('parseRunResult', () => {
  it('reads a result from its JSON text and gives back the same data', () => {
    const result = backtestFixture();
    expect(parseRunResult(JSON.stringify(result))).toEqual(result);
  });

  it('fills in metrics a live run does not know as null', () => {
    const live = liveFixture();
    const { cagr: _cagr, sharpe: _sharpe, ...known } = live.metrics.overall;
    const parsed = parseRunResult({ ...live, metrics: { overall: known, perProduct: {} } });
    expect(parsed.metrics.overall.cagr).toBeNull();
    expect(parsed.metrics.overall.sharpe).toBeNull();
    expect(parsed.metrics.overall.totalReturn).toBe(live.metrics.overall.totalReturn);
  });

  it('names the first bad field, what was expected and what was there', () => {
    const result = backtestFixture();
    const trades = result.trades.map((trade) => ({ ...trade }));
    (trades[3] as Record<string, unknown>).price = 64321.5;
    (trades[5] as Record<string, unknown>).size = 'lots';
    const error = failure({ ...result, trades });
    expect(error.code).toBe('invalid_run_result');
    expect(error.field).toBe('trades[3].price');
    expect(error.expected).toBe('a decimal string such as "12.5"');
    expect(error.received).toBe('number 64321.5');
    expect(error.message).toBe(
      'run result: trades[3].price should be a decimal string such as "12.5", received number 64321.5',
    );
  });

  it.each([
    ['not JSON', '{"format":', '$', 'JSON text'],
    ['another format', { format: 'something-else' }, 'format', '"tradeloop.run-result"'],
    ['a newer version', { format: 'tradeloop.run-result', version: 2 }, 'version', '1'],
    [
      'an unknown kind',
      { format: 'tradeloop.run-result', version: 1, kind: 'forward-test' },
      'kind',
      'one of "backtest", "live", "paper", "simulated"',
    ],
  ])('refuses %s', (_name, input, field, expected) => {
    const error = failure(input);
    expect(error.field).toBe(field);
    expect(error.expected).toBe(expected);
  });

  it('refuses a time that is not ISO 8601 UTC, a bad candle and a bad metric', () => {
    const result = backtestFixture();
    expect(failure({ ...result, equity: [{ time: '2025-01-01 00:00', value: '1' }] }).field).toBe(
      'equity[0].time',
    );
    const candles = [{ ...(result.prices['ETH-USD'] ?? [])[0], high: '' }];
    expect(failure({ ...result, prices: { ...result.prices, 'ETH-USD': candles } }).field).toBe(
      'prices.ETH-USD[0].high',
    );
    const overall = { ...result.metrics.overall, trades: '12' };
    const error = failure({ ...result, metrics: { ...result.metrics, overall } });
    expect([error.field, error.expected, error.received]).toEqual([
      'metrics.overall.trades',
      'a finite number',
      '"12"',
    ]);
  });

  it('describes a long value instead of echoing it', () => {
    const secretLooking = 'x'.repeat(64);
    const error = failure({ ...backtestFixture(), kind: secretLooking });
    expect(error.message).not.toContain(secretLooking);
    expect(error.received).toBe('a string of 64 characters');
  });

  it('keeps a product named "__proto__" as data', () => {
    const result = backtestFixture();
    const text = JSON.stringify({ ...result, prices: { ...result.prices, __proto__: [] } }).replace(
      '"prices":{',
      '"prices":{"__proto__":[],',
    );
    const parsed = parseRunResult(text);
    expect(Object.keys(parsed.prices)).toContain('__proto__');
    expect(Object.getPrototypeOf(parsed.prices)).toBe(Object.prototype);
  });
});
