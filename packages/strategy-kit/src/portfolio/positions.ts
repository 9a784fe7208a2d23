import type { Decimal } from 'decimal.js';
import type { CarriedPosition } from '../execution/journal-records.js';
import { ZERO } from '../model/decimal.js';
import type { ProductId } from '../model/ids.js';
import type { Fill } from '../model/reports.js';

/** A read-only view of a position in one product. */
export interface PositionView {
  readonly productId: ProductId;
  /** Signed base size: positive long, negative short (relative to where the bot started). */
  readonly size: Decimal;
  /** Average entry price of the open size (average cost), `undefined` when flat. */
  readonly averageEntryPrice: Decimal | undefined;
  /** Profit of the closed part, before fees, in quote currency. */
  readonly realizedPnl: Decimal;
  /** Fees paid, in quote currency. */
  readonly fees: Decimal;
  /** Net quote currency that moved: sells − buys − fees. */
  readonly quoteFlow: Decimal;
  /** (mark − average entry) × size. Zero when flat. */
  unrealizedPnl(markPrice: Decimal): Decimal;
  /** realized + unrealized − fees. */
  netPnl(markPrice: Decimal): Decimal;
}

/**
 * A position built from fills with the average-cost method: adding to the position moves the
 * average entry; reducing it realizes (exit − entry) × closed size; crossing zero realizes the
 * whole old position and opens the rest at the fill price. All in Decimal; fees kept apart.
 */
export class Position implements PositionView {
  readonly productId: ProductId;
  size: Decimal = ZERO;
  /** Cost of the open size at the average entry price (positive for long and short alike). */
  #costBasis: Decimal = ZERO;
  realizedPnl: Decimal = ZERO;
  fees: Decimal = ZERO;
  quoteFlow: Decimal = ZERO;

  constructor(productId: ProductId) {
    this.productId = productId;
  }

  get averageEntryPrice(): Decimal | undefined {
    return this.size.isZero() ? undefined : this.#costBasis.div(this.size.abs());
  }

  /** What a journal compaction carries over in place of the fills that built this position. */
  carried(): CarriedPosition {
    return {
      productId: this.productId,
      size: this.size,
      costBasis: this.#costBasis,
      realizedPnl: this.realizedPnl,
      fees: this.fees,
      quoteFlow: this.quoteFlow,
    };
  }

  /** Starts again from a carried position (the fills it stands for are not applied again). */
  restore(carried: CarriedPosition): void {
    this.size = carried.size;
    this.#costBasis = carried.costBasis;
    this.realizedPnl = carried.realizedPnl;
    this.fees = carried.fees;
    this.quoteFlow = carried.quoteFlow;
  }

  /** Adds one fill (the caller makes sure each fill comes once). */
  apply(fill: Fill): void {
    const value = fill.price.times(fill.size);
    this.fees = this.fees.plus(fill.fee);
    this.quoteFlow = this.quoteFlow.plus(fill.side === 'sell' ? value : value.negated()).minus(fill.fee);
    const delta = fill.side === 'buy' ? fill.size : fill.size.negated();
    const sameDirection = this.size.isZero() || this.size.isNegative() === delta.isNegative();
    if (sameDirection) {
      this.size = this.size.plus(delta);
      this.#costBasis = this.#costBasis.plus(value);
      return;
    }
    const open = this.size.abs();
    const closing = fill.size.lessThan(open) ? fill.size : open;
    const entryCost = this.#costBasis.times(closing).div(open);
    const exitValue = fill.price.times(closing);
    // Long: exit − entry; short: entry − exit.
    this.realizedPnl = this.realizedPnl.plus(
      this.size.isPositive() ? exitValue.minus(entryCost) : entryCost.minus(exitValue),
    );
    this.#costBasis = this.#costBasis.minus(entryCost);
    this.size = this.size.plus(delta);
    if (this.size.isZero()) this.#costBasis = ZERO;
    else if (fill.size.greaterThan(open)) this.#costBasis = fill.price.times(this.size.abs());
  }

  unrealizedPnl(markPrice: Decimal): Decimal {
    if (this.size.isZero()) return ZERO;
    const markValue = markPrice.times(this.size.abs());
    return this.size.isPositive() ? markValue.minus(this.#costBasis) : this.#costBasis.minus(markValue);
  }

  netPnl(markPrice: Decimal): Decimal {
    return this.realizedPnl.plus(this.unrealizedPnl(markPrice)).minus(this.fees);
  }
}

/** Positions of every product the bot traded. */
export class Positions {
  readonly #byProduct = new Map<ProductId, Position>();

  /** The position in `productId` (flat when never traded). */
  get(productId: ProductId): Position {
    let position = this.#byProduct.get(productId);
    if (position === undefined) {
      position = new Position(productId);
      this.#byProduct.set(productId, position);
    }
    return position;
  }

  apply(fill: Fill): void {
    this.get(fill.productId).apply(fill);
  }

  all(): Position[] {
    return [...this.#byProduct.values()];
  }
}
