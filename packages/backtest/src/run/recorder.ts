import {
  ExactDecimal,
  type Fill,
  Position,
  type ProductId,
  type ProductRules,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { RoundTrip } from '../metrics/metrics.js';
import type { TradeRecord } from '../result/run-result.js';
import type { Account } from '../venue/account.js';
import { EquityCurve } from './equity-curve.js';

const ZERO = new ExactDecimal(0);

/** A curve sampled over time. */
export interface Curve {
  times: Float64Array;
  values: Decimal[];
  length: number;
}

/** What was recorded for one product. */
export interface ProductRecord {
  readonly curve: Curve;
  readonly roundTrips: RoundTrip[];
  readonly position: Position;
  exposureMs: number;
}

interface OpenTrip {
  openedAt: number;
  realizedAtOpen: Decimal;
  feesAtOpen: Decimal;
}

function newCurve(): Curve {
  return { times: new Float64Array(1024), values: [], length: 0 };
}

function push(curve: Curve, time: number, value: Decimal): void {
  if (curve.length === curve.times.length) {
    const grown = new Float64Array(curve.length * 2);
    grown.set(curve.times);
    curve.times = grown;
  }
  curve.times[curve.length] = time;
  curve.values.push(value);
  curve.length += 1;
}

/**
 * Records a run as it happens: every fill (with the realized PnL of its closing part), the
 * account's value at each sample, each product's own PnL curve (start value + net PnL of its
 * position, with the kit's average-cost {@link Position}), round trips and time in the market.
 */
export class RunRecorder {
  readonly trades: TradeRecord[] = [];
  /**
   * The mark price of each product at each sample (same index as `overall`), for buy-and-hold and
   * the account's value: a Decimal, or the data's decimal string (candle mode: no Decimal made or
   * kept per sample).
   */
  readonly marks = new Map<string, Array<Decimal | string | undefined>>();
  /** The account's value at each sample (made when read: see {@link EquityCurve}). */
  readonly overall: EquityCurve;
  readonly products = new Map<string, ProductRecord>();
  overallExposureMs = 0;
  feesPaid: Decimal = ZERO;
  readonly #account: Account;
  readonly #rules: readonly ProductRules[];
  readonly #quoteCurrency: string;
  readonly #openTrips = new Map<string, OpenTrip>();
  #startValue: Decimal = ZERO;
  #dirty = true;
  #previousTime: number | undefined;
  #wasExposed = new Set<string>();
  /** The other of two sets swapped at each sample (no allocation per candle). */
  #exposedSpare = new Set<string>();
  /** Each product's base total at the sample being taken (reused: no allocation per candle). */
  readonly #bases: Decimal[];
  #filledSinceSample = new Set<string>();
  /** One product and no base at the start: its PnL curve is the account's curve, exactly. */
  readonly productIsAccount: boolean;

  constructor(account: Account, rules: readonly ProductRules[], quoteCurrency: string) {
    this.#account = account;
    this.#rules = rules;
    this.#quoteCurrency = quoteCurrency;
    this.productIsAccount =
      rules.length === 1 && account.total((rules[0] as ProductRules).baseCurrency).isZero();
    for (const product of rules) this.marks.set(product.id, []);
    this.overall = new EquityCurve(
      rules.map((product) => product.id),
      this.marks,
    );
    this.#bases = rules.map(() => ZERO);
    for (const product of rules)
      this.products.set(product.id, {
        curve: newCurve(),
        roundTrips: [],
        position: new Position(product.id as ProductId),
        exposureMs: 0,
      });
  }

  /** A fill the runtime counted. */
  onFill(fill: Fill): void {
    const record = this.products.get(fill.productId);
    if (record === undefined) return;
    const position = record.position;
    const sizeBefore = position.size;
    const realizedBefore = position.realizedPnl;
    const feesBefore = position.fees;
    position.apply(fill);
    this.feesPaid = this.feesPaid.plus(fill.fee);
    const realized = position.realizedPnl.minus(realizedBefore);
    this.trades.push({
      time: new Date(fill.time).toISOString(),
      productId: fill.productId,
      side: fill.side,
      price: fill.price.toFixed(),
      size: fill.size.toFixed(),
      fee: fill.fee.toFixed(),
      liquidity: fill.liquidity,
      clientOrderId: fill.clientOrderId ?? '',
      ...(sizeBefore.isZero() || realized.isZero() ? {} : { pnl: realized.toFixed() }),
    });
    const sizeAfter = position.size;
    const crossed =
      !sizeBefore.isZero() && !sizeAfter.isZero() && sizeBefore.isNegative() !== sizeAfter.isNegative();
    const trip = this.#openTrips.get(fill.productId);
    if (trip !== undefined && (sizeAfter.isZero() || crossed)) {
      record.roundTrips.push({
        openedAt: trip.openedAt,
        closedAt: fill.time,
        pnl: position.realizedPnl.minus(trip.realizedAtOpen).minus(position.fees.minus(trip.feesAtOpen)),
      });
      this.#openTrips.delete(fill.productId);
    }
    if ((sizeBefore.isZero() && !sizeAfter.isZero()) || crossed)
      this.#openTrips.set(fill.productId, {
        openedAt: fill.time,
        realizedAtOpen: position.realizedPnl,
        // A flip's whole fee went to the trip it closed.
        feesAtOpen: crossed ? position.fees : feesBefore,
      });
    this.#dirty = true;
    this.#filledSinceSample.add(fill.productId);
  }

  /**
   * Samples every curve at `time` with the products' mark prices (the latest closes). `markText`,
   * when given, gives the same marks as the data's strings for the marks log (read only if needed).
   */
  sample(
    time: number,
    mark: (productId: string) => Decimal | undefined,
    markText?: (productId: string) => string | undefined,
  ): void {
    const first = this.overall.length === 0;
    // Nothing filled since the last sample and no base to value at a new mark: the same value (object).
    if (!first && !this.#dirty && !this.#holdsBase()) this.overall.repeat(time);
    else {
      for (let index = 0; index < this.#rules.length; index += 1)
        this.#bases[index] = this.#account.total((this.#rules[index] as ProductRules).baseCurrency);
      this.overall.capture(time, this.#account.total(this.#quoteCurrency), this.#bases);
    }
    for (const id of this.products.keys())
      this.marks.get(id)?.push(markText === undefined ? mark(id) : markText(id));
    if (first) this.#startValue = this.overall.valueAt(0);
    const elapsed = this.#previousTime === undefined ? 0 : time - this.#previousTime;
    let anyExposed = false;
    const exposedNow = this.#exposedSpare;
    exposedNow.clear();
    for (const [id, record] of this.products) {
      const position = record.position;
      const flat = position.size.isZero();
      // One product and no base at the start: its curve is the account's (not kept twice).
      if (!this.productIsAccount) {
        const curve = record.curve;
        const last = curve.values[curve.length - 1];
        let productValue: Decimal;
        if (last !== undefined && flat && !this.#filledSinceSample.has(id)) productValue = last;
        else {
          const markPrice = mark(id);
          productValue = this.#startValue.plus(
            markPrice === undefined ? position.realizedPnl.minus(position.fees) : position.netPnl(markPrice),
          );
        }
        push(curve, time, productValue);
      }
      if (!flat) exposedNow.add(id);
      if (this.#wasExposed.has(id) || !flat || this.#filledSinceSample.has(id)) {
        record.exposureMs += elapsed;
        anyExposed = true;
      }
    }
    if (anyExposed) this.overallExposureMs += elapsed;
    this.#exposedSpare = this.#wasExposed;
    this.#wasExposed = exposedNow;
    if (this.#filledSinceSample.size > 0) this.#filledSinceSample.clear();
    this.#previousTime = time;
    this.#dirty = false;
  }

  /** The mark of a product at sample `index`, as a Decimal. */
  markAt(productId: string, index: number): Decimal | undefined {
    const mark = this.marks.get(productId)?.[index];
    return typeof mark === 'string' ? new ExactDecimal(mark) : mark;
  }

  /** How many marks of a product were logged (one per sample). */
  markCount(productId: string): number {
    return this.marks.get(productId)?.length ?? 0;
  }

  get startValue(): Decimal {
    return this.#startValue;
  }

  #holdsBase(): boolean {
    for (const rules of this.#rules) if (!this.#account.total(rules.baseCurrency).isZero()) return true;
    return false;
  }
}
