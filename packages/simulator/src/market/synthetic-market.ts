import type { CancelTimer } from '@tradeloop/clock';
import type { Random } from '../core/random.js';
import type { Caller } from '../exchange/contract.js';
import type { Product } from '../exchange/products.js';
import { DEFAULT_MAKER_OPTIONS, type MakerOptions, MarketMaker } from './market-maker.js';
import { MarketTaker } from './market-taker.js';
import type { MarketVenue } from './market-venue.js';
import { PriceProcess } from './price-process.js';

/** How busy and how wild the synthetic market is. Every field is optional. */
export interface SyntheticMarketOptions {
  /** Time compression: 10 = ten times as many steps and trades per second (default 1). */
  speed?: number;
  /** Wall time between price steps at speed 1, in ms (default 250). */
  stepMs?: number;
  /** Mean wall time between background trades per product at speed 1, in ms (default 400). */
  tradeIntervalMs?: number;
  /** One price step's standard deviation as a fraction of the price (default 0.00005). */
  stepVolatility?: number;
  /** Pull toward the starting price per step (default 0.0005). */
  meanReversion?: number;
  /** The makers' ladder. */
  maker?: Partial<MakerOptions>;
  /** Products to animate (default: all). */
  productIds?: string[];
}

interface ProductMarket {
  product: Product;
  process: PriceProcess;
  maker: MarketMaker;
}

// Enough of everything that the background traders never run dry.
const BACKGROUND_BALANCE = '1000000000';

/**
 * The background market: per product a seeded fair-price process, a maker keeping a ladder of
 * depth around it and a taker trading both sides every few hundred milliseconds, so a bot always
 * sees ticks, book updates and counterparties. Makers and takers are two profiles of their own
 * (different users, so they trade with each other), with zero fees and no kept history.
 * Time comes from the exchange's clock: tests step it with a `ManualClock`.
 */
export class SyntheticMarket {
  private readonly markets: ProductMarket[] = [];
  private readonly taker: MarketTaker;
  private readonly random: Random;
  private readonly stepMs: number;
  private readonly tradeIntervalMs: number;
  private cancelStep: CancelTimer | undefined;
  private cancelTrade: CancelTimer | undefined;
  private running = false;

  constructor(
    private readonly venue: MarketVenue,
    options: SyntheticMarketOptions = {},
  ) {
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new RangeError(`expected a positive speed, received ${speed}`);
    this.stepMs = (options.stepMs ?? 250) / speed;
    this.tradeIntervalMs = (options.tradeIntervalMs ?? 400) / speed;
    this.random = venue.random.fork('market');
    const currencies = venue.currencyIds();
    const balances = Object.fromEntries(currencies.map((currency) => [currency, BACKGROUND_BALANCE]));
    const backgroundProfile = (): Caller => {
      const created = venue.addProfile({
        balances,
        fees: { maker: '0', taker: '0' },
        keepsHistory: false,
      });
      return venue.caller(created.profileId);
    };
    const makers = backgroundProfile();
    const takers = backgroundProfile();
    const makerOptions = { ...DEFAULT_MAKER_OPTIONS, ...options.maker };
    this.taker = new MarketTaker(
      venue,
      takers,
      this.random.fork('taker'),
      makerOptions.levelNotionalMultiple,
    );
    for (const wire of venue.products()) {
      if (options.productIds !== undefined && !options.productIds.includes(wire.id)) continue;
      const product = venue.productOf(wire.id) as Product;
      this.markets.push({
        product,
        process: new PriceProcess(
          {
            anchorTicks: product.startingPriceTicks,
            stepVolatility: options.stepVolatility ?? 0.00005,
            meanReversion: options.meanReversion ?? 0.0005,
          },
          this.random.fork(`price:${product.id}`),
        ),
        maker: new MarketMaker(venue, makers, product, this.random.fork(`maker:${product.id}`), makerOptions),
      });
    }
  }

  /** The current fair price of a product in ticks (undefined when it is not animated). */
  fairTicks(productId: string): number | undefined {
    return this.markets.find((market) => market.product.id === productId)?.process.fairTicks;
  }

  /** Starts stepping prices and trading on the exchange's clock; quotes the books at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const market of this.markets) market.maker.requote(market.process.fairTicks);
    this.scheduleStep();
    this.scheduleTrade();
  }

  /** Stops the timers and withdraws the makers' quotes. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelStep?.();
    this.cancelTrade?.();
    this.cancelStep = undefined;
    this.cancelTrade = undefined;
    for (const market of this.markets) market.maker.withdraw();
  }

  /** One price step: every product's fair price moves and its maker requotes. */
  step(): void {
    for (const market of this.markets) market.maker.requote(market.process.step());
  }

  /** One background trade on a random product. */
  trade(): void {
    const market = this.markets[Math.floor(this.random.next() * this.markets.length)];
    if (market === undefined) return;
    const fair = market.process.fairTicks;
    this.taker.trade(
      market.product,
      fair,
      this.venue.lastPriceTicks(market.product.id),
      market.maker.gapTicks(fair),
    );
  }

  private scheduleStep(): void {
    this.cancelStep = this.venue.clock.setTimer(this.stepMs, () => {
      if (!this.running) return;
      this.step();
      this.scheduleStep();
    });
  }

  private scheduleTrade(): void {
    // Exponential waits (a Poisson stream) spread per product: every product trades about once per interval.
    const mean = this.tradeIntervalMs / Math.max(1, this.markets.length);
    const wait = -Math.log(1 - this.random.next()) * mean;
    this.cancelTrade = this.venue.clock.setTimer(wait, () => {
      if (!this.running) return;
      this.trade();
      this.scheduleTrade();
    });
  }
}
