import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { PriceProcess } from './price-process.js';

describe('PriceProcess', () => {
  const options = { anchorTicks: 6_425_000, stepVolatility: 0.0001, meanReversion: 0.01 };

  it('replays the same path for the same seed, in whole ticks', () => {
    const first = new PriceProcess(options, new Random(42));
    const second = new PriceProcess(options, new Random(42));
    const pathOne = Array.from({ length: 500 }, () => first.step());
    const pathTwo = Array.from({ length: 500 }, () => second.step());
    expect(pathOne).toEqual(pathTwo);
    expect(pathOne.every(Number.isInteger)).toBe(true);
    expect(new Set(pathOne).size).toBeGreaterThan(100);
  });

  it('reverts toward its anchor instead of drifting away', () => {
    const process = new PriceProcess(options, new Random(7));
    let worst = 0;
    for (let step = 0; step < 20_000; step += 1)
      worst = Math.max(worst, Math.abs(process.step() - options.anchorTicks));
    // Stationary spread ≈ σ/sqrt(2θ) ≈ 0.07 %; allow 1 % of the price.
    expect(worst).toBeLessThan(options.anchorTicks * 0.01);
  });
});
