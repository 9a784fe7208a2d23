import { ExactDecimal } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { computeMetrics, dailyReturns, drawdownOf } from './metrics.js';

const day = 86_400_000;
const hour = 3_600_000;
const jan1 = Date.UTC(2025, 0, 1);
const decimals = (...values: string[]) => values.map((value) => new ExactDecimal(value));

describe('computeMetrics on a hand-computed example', () => {
  // Equity 100 at the start, 110 at noon of day 1, 99 at noon of day 2, 121 at noon of day 3.
  const times = [jan1, jan1 + 12 * hour, jan1 + day + 12 * hour, jan1 + 2 * day + 12 * hour];
  const values = decimals('100', '110', '99', '121');
  const metrics = computeMetrics({
    times,
    values,
    roundTrips: [
      { openedAt: 0, closedAt: hour, pnl: new ExactDecimal('5') },
      { openedAt: 0, closedAt: 2 * hour, pnl: new ExactDecimal('-2') },
      { openedAt: 0, closedAt: 3 * hour, pnl: new ExactDecimal('3') },
      { openedAt: 0, closedAt: 6 * hour, pnl: new ExactDecimal('-1') },
    ],
    feesPaid: new ExactDecimal('1.5'),
    exposureMs: day,
    buyAndHoldReturn: new ExactDecimal('0.05'),
  });

  it('total return, CAGR and drawdown', () => {
    expect(metrics.totalReturn).toBe('0.21'); // 121 / 100 − 1
    // 1.21^(365 / 2.5) − 1: the span is 2.5 days.
    expect(metrics.cagr).toBe('1220854943810.91507853');
    expect(metrics.maxDrawdown).toBe('11'); // peak 110 → 99
    expect(metrics.maxDrawdownPercent).toBe('0.1'); // 11 / 110
    expect(metrics.maxDrawdownDurationMs).toBe(2 * day); // 110 at noon day 1, back above at noon day 3
    expect(metrics.calmar).toBe('12208549438109.15078535'); // cagr / 0.1
  });

  it('Sharpe, Sortino and volatility from daily returns, √365', () => {
    // Daily returns: 110/100 − 1 = 0.1; 99/110 − 1 = −0.1; 121/99 − 1 = 2/9. Mean 2/27.
    // Sample stdev = √(((0.7/27)² + (4.7/27)² + (4/27)²) / 2) = √19.29 / 27.
    // Sharpe = (2/27) / (√19.29/27) × √365 = 2/√19.29 × √365 = 8.69982094.
    expect(metrics.sharpe).toBe('8.69982094');
    // Downside deviation = √(0.1² / 3); Sortino = (2/27) / √(0.01/3) × √365.
    expect(metrics.sortino).toBe('24.51169201');
    expect(metrics.volatility).toBe('3.10776937'); // √19.29 / 27 × √365
  });

  it('trade statistics, exposure, fees and buy-and-hold', () => {
    expect(metrics.trades).toBe(4);
    expect(metrics.winRate).toBe('0.5'); // 2 of 4
    expect(metrics.profitFactor).toBe('2.66666667'); // (5 + 3) / (2 + 1)
    expect(metrics.expectancy).toBe('1.25'); // (5 − 2 + 3 − 1) / 4
    expect(metrics.averageHoldingMs).toBe(3 * hour); // (1 + 2 + 3 + 6) h / 4
    expect(metrics.exposure).toBe('0.4'); // 1 day of 2.5
    expect(metrics.feesPaid).toBe('1.5');
    expect(metrics.buyAndHoldReturn).toBe('0.05');
  });
});

describe('edge cases', () => {
  it('gives null where a ratio is undefined: no losing trade, no spread of returns, no drawdown', () => {
    const metrics = computeMetrics({
      times: [jan1, jan1 + hour],
      values: decimals('100', '100'),
      roundTrips: [{ openedAt: 0, closedAt: 1, pnl: new ExactDecimal('2') }],
      feesPaid: new ExactDecimal(0),
      exposureMs: 0,
      buyAndHoldReturn: null,
    });
    expect(metrics).toMatchObject({
      totalReturn: '0',
      profitFactor: null,
      sharpe: null,
      sortino: null,
      calmar: null,
      maxDrawdown: '0',
      maxDrawdownPercent: '0',
      buyAndHoldReturn: null,
      winRate: '1',
      cagr: null, // an hour: not annualised
    });
  });

  it('counts a sample exactly at midnight as the day before, and carries days without samples', () => {
    const returns = dailyReturns([jan1, jan1 + day, jan1 + 3 * day + hour], decimals('100', '120', '60'));
    // Day 1 closes at 120 (the midnight sample); day 2 and day 3 carry 120; day 4 ends at 60.
    expect(returns.map((value) => value.toFixed())).toEqual(['0.2', '0', '0', '-0.5']);
  });

  it('measures a drawdown that never recovers until the end', () => {
    const drawdown = drawdownOf([0, 10, 20, 30], decimals('50', '40', '45', '44'));
    expect(drawdown.value.toFixed()).toBe('10');
    expect(drawdown.percent.toFixed()).toBe('0.2');
    expect(drawdown.durationMs).toBe(30);
  });
});
