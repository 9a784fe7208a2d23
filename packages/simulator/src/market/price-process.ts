import type { Random } from '../core/random.js';

/** How a product's fair price moves. */
export interface PriceProcessOptions {
  /** Where the price starts and what it reverts to, in ticks. */
  anchorTicks: number;
  /** Standard deviation of one step, as a fraction of the price (e.g. 0.00005 = 0.5 bp). */
  stepVolatility: number;
  /** Fraction of the distance to the anchor recovered per step (0 = pure random walk). */
  meanReversion: number;
}

/**
 * A seeded, mean-reverting random walk of a fair price in whole ticks. The state is an integer
 * tick count; the random draw only decides how many ticks to move, so a seed replays exactly.
 */
export class PriceProcess {
  private ticks: number;

  constructor(
    private readonly options: PriceProcessOptions,
    private readonly random: Random,
  ) {
    this.ticks = options.anchorTicks;
  }

  /** The current fair price in ticks. */
  get fairTicks(): number {
    return this.ticks;
  }

  /** Advances one step and returns the new fair price (never below one tick). */
  step(): number {
    const { anchorTicks, stepVolatility, meanReversion } = this.options;
    const pull = meanReversion * (anchorTicks - this.ticks);
    const shock = this.random.normal() * stepVolatility * this.ticks;
    this.ticks = Math.max(1, this.ticks + Math.round(pull + shock));
    return this.ticks;
  }
}
