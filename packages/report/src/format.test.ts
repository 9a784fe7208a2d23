import { describe, expect, it } from 'vitest';
import { formatDuration, formatMetric, formatMoney, formatPercent, groupThousands } from './format.js';

describe('formatting for people', () => {
  it('shows fractions as percentages, rounding half to even', () => {
    expect(formatPercent('0.1234')).toBe('12.34%');
    expect(formatPercent('-0.04255')).toBe('-4.26%');
    expect(formatPercent('0.000125')).toBe('0.01%');
    expect(formatPercent('12.5')).toBe('1,250.00%');
  });

  it('shows money with its currency: cents for fiat, up to 8 decimals for crypto', () => {
    expect(formatMoney('-1234.5', 'USD')).toBe('-1,234.50 USD');
    expect(formatMoney('0.001230000', 'BTC')).toBe('0.00123 BTC');
    expect(formatMoney('1234567.125', undefined)).toBe('1,234,567.125');
  });

  it('shows durations in days, hours, minutes', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(150_000)).toBe('2m 30s');
    expect(formatDuration(3 * 3_600_000 + 60_000)).toBe('3h 1m');
    expect(formatDuration(93_784_000)).toBe('1d 2h');
  });

  it('formats each metric by its kind, and an unknown one as a dash', () => {
    expect(formatMetric('totalReturn', '0.0831')).toBe('8.31%');
    expect(formatMetric('sharpe', '1.23456')).toBe('1.23');
    expect(formatMetric('feesPaid', '972.391', 'USD')).toBe('972.39 USD');
    expect(formatMetric('trades', 1234)).toBe('1,234');
    expect(formatMetric('averageHoldingMs', 7_200_000)).toBe('2h');
    expect(formatMetric('profitFactor', null)).toBe('—');
  });

  it('groups thousands of the integer part only', () => {
    expect(groupThousands('-1234567.891234')).toBe('-1,234,567.891234');
    expect(groupThousands('999')).toBe('999');
  });
});
