import { advantage, type Figure, formatFigure, quantile } from '@tradeloop-internal/bench-harness';
import { describe, expect, it } from 'vitest';

const figure = (value: number, unit = 'ops/s'): Figure => ({
  name: 'x',
  value,
  min: value,
  max: value,
  unit,
});

describe('quantile (nearest rank)', () => {
  it('returns one of the samples: median, p99 and the ends', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(quantile(samples, 0.5)).toBe(50);
    expect(quantile(samples, 0.99)).toBe(99);
    expect(quantile(samples, 1)).toBe(100);
    expect(quantile(samples, 0)).toBe(1);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('is NaN without samples rather than a made-up number', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('advantage', () => {
  it('is above 1 when the candidate is better, whichever direction is better', () => {
    expect(advantage(figure(200), figure(100), 'higher')).toBe(2);
    expect(advantage(figure(50, 'µs'), figure(100, 'µs'), 'lower')).toBe(2);
    expect(advantage(figure(200, 'µs'), figure(100, 'µs'), 'lower')).toBe(0.5);
  });
});

describe('formatFigure', () => {
  it('rounds rates to whole numbers with separators and keeps a few digits for small values', () => {
    expect(formatFigure(471_203.4, 'ops/s')).toBe('471,203 ops/s');
    expect(formatFigure(412.34, 'µs')).toBe('412 µs');
    expect(formatFigure(87.54, 'MiB')).toBe('87.5 MiB');
    expect(formatFigure(3.14259, 'µs')).toBe('3.14 µs');
  });
});
