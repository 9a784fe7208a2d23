import { CURRENCY_DECIMALS } from '../accounts/account.js';
import { fractionDigits, scaledFromText } from '../core/decimal-units.js';
import type { ProductWire } from './contract.js';

/** How a product is configured (decimal strings, as Coinbase publishes them). */
export interface ProductConfig {
  id: string;
  baseCurrency: string;
  quoteCurrency: string;
  quoteIncrement: string;
  baseIncrement: string;
  minMarketFunds: string;
  /** Where the synthetic market starts (a multiple of quoteIncrement). */
  startingPrice: string;
  postOnly?: boolean;
  limitOnly?: boolean;
  cancelOnly?: boolean;
  status?: ProductWire['status'];
}

/** BTC-USD, ETH-USD and ETH-BTC with Coinbase's increments and realistic starting prices. */
export const DEFAULT_PRODUCTS: readonly ProductConfig[] = [
  {
    id: 'BTC-USD',
    baseCurrency: 'BTC',
    quoteCurrency: 'USD',
    quoteIncrement: '0.01',
    baseIncrement: '0.00000001',
    minMarketFunds: '1',
    startingPrice: '64250.00',
  },
  {
    id: 'ETH-USD',
    baseCurrency: 'ETH',
    quoteCurrency: 'USD',
    quoteIncrement: '0.01',
    baseIncrement: '0.00000001',
    minMarketFunds: '1',
    startingPrice: '3150.00',
  },
  {
    id: 'ETH-BTC',
    baseCurrency: 'ETH',
    quoteCurrency: 'BTC',
    quoteIncrement: '0.00001',
    baseIncrement: '0.00000001',
    minMarketFunds: '0.0001',
    startingPrice: '0.04903',
  },
];

/** Product trading modes that can change while the exchange runs. */
export interface ProductModes {
  postOnly: boolean;
  limitOnly: boolean;
  cancelOnly: boolean;
  status: ProductWire['status'];
}

/**
 * A product with its increments as integer scales. Prices are counted in ticks (quote
 * increments), sizes in base increments, money in 1e-16 atoms.
 */
export class Product {
  readonly id: string;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly quoteIncrement: string;
  readonly baseIncrement: string;
  readonly minMarketFunds: string;
  /** Decimals of a price ("0.01" -> 2) and how many 10^-priceDecimals units one tick is. */
  readonly priceDecimals: number;
  readonly priceStep: number;
  readonly sizeDecimals: number;
  readonly sizeStep: number;
  /** Base atoms per base increment. */
  readonly baseAtomsPerUnit: bigint;
  /** Quote atoms per (tick × base increment). */
  readonly notionalScale: bigint;
  readonly minMarketFundsAtoms: bigint;
  readonly startingPriceTicks: number;
  modes: ProductModes;

  constructor(config: ProductConfig) {
    this.id = config.id;
    this.baseCurrency = config.baseCurrency;
    this.quoteCurrency = config.quoteCurrency;
    this.quoteIncrement = config.quoteIncrement;
    this.baseIncrement = config.baseIncrement;
    this.minMarketFunds = config.minMarketFunds;
    this.priceDecimals = fractionDigits(config.quoteIncrement);
    this.sizeDecimals = fractionDigits(config.baseIncrement);
    if (this.priceDecimals + this.sizeDecimals > CURRENCY_DECIMALS) {
      throw new RangeError(
        `expected quote and base increments with at most ${CURRENCY_DECIMALS} decimals together for ${config.id}, received ${config.quoteIncrement} and ${config.baseIncrement}`,
      );
    }
    this.priceStep = Number(scaledFromText(config.quoteIncrement, this.priceDecimals));
    this.sizeStep = Number(scaledFromText(config.baseIncrement, this.sizeDecimals));
    if (this.priceStep <= 0 || this.sizeStep <= 0) {
      throw new RangeError(`expected positive increments for ${config.id}`);
    }
    this.baseAtomsPerUnit = BigInt(this.sizeStep) * 10n ** BigInt(CURRENCY_DECIMALS - this.sizeDecimals);
    this.notionalScale =
      BigInt(this.priceStep) *
      BigInt(this.sizeStep) *
      10n ** BigInt(CURRENCY_DECIMALS - this.priceDecimals - this.sizeDecimals);
    this.minMarketFundsAtoms = scaledFromText(config.minMarketFunds, CURRENCY_DECIMALS);
    const startingUnits = scaledFromText(config.startingPrice, this.priceDecimals);
    if (startingUnits % BigInt(this.priceStep) !== 0n || startingUnits <= 0n) {
      throw new RangeError(
        `expected a starting price that is a positive multiple of ${config.quoteIncrement} for ${config.id}, received ${config.startingPrice}`,
      );
    }
    this.startingPriceTicks = Number(startingUnits / BigInt(this.priceStep));
    this.modes = {
      postOnly: config.postOnly ?? false,
      limitOnly: config.limitOnly ?? false,
      cancelOnly: config.cancelOnly ?? false,
      status: config.status ?? 'online',
    };
  }

  /** Quote atoms for a price (in ticks) × size (in base increments). */
  notional(priceTicks: number, size: number): bigint {
    return BigInt(priceTicks) * BigInt(size) * this.notionalScale;
  }

  toWire(): ProductWire {
    const modes = this.modes;
    return {
      id: this.id,
      base_currency: this.baseCurrency,
      quote_currency: this.quoteCurrency,
      quote_increment: this.quoteIncrement,
      base_increment: this.baseIncrement,
      display_name: `${this.baseCurrency}/${this.quoteCurrency}`,
      min_market_funds: this.minMarketFunds,
      margin_enabled: false,
      post_only: modes.postOnly,
      limit_only: modes.limitOnly,
      cancel_only: modes.cancelOnly,
      trading_disabled: modes.status !== 'online',
      status: modes.status,
      status_message: '',
      fx_stablecoin: false,
      max_slippage_percentage: '0.03000000',
      auction_mode: false,
      high_bid_limit_percentage: '',
    };
  }
}
