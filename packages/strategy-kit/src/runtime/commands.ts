import type { Decimal } from 'decimal.js';
import { InvalidArgumentError } from '../errors.js';
import {
  type DecimalInput,
  isMultipleOf,
  quantize,
  type Rounding,
  toPositiveDecimal,
} from '../model/decimal.js';
import type { ClientOrderId, ProductId } from '../model/ids.js';
import type { OrderRequest, TimeInForce } from '../model/order.js';
import { type ProductRules, priceRoundingFor, type Side } from '../model/product-rules.js';
import type { Denial } from '../risk/gates.js';

/** How a price is brought onto the tick: `down`, `up`, `nearest`, or `exact` (off-tick throws). Default: by side. */
export type PriceRounding = Rounding | 'exact';

/** A limit order as a strategy asks for it. Size rounds down to `base_increment`. */
export interface LimitOrderInput {
  productId: string;
  side: Side;
  size: DecimalInput;
  price: DecimalInput;
  /** Default: a buy rounds down, a sell rounds up. */
  priceRounding?: PriceRounding;
  /** Default GTC. */
  timeInForce?: TimeInForce;
  /** With `timeInForce: 'GTT'`. */
  cancelAfter?: 'min' | 'hour' | 'day';
  /** Maker only: the exchange refuses it if it would take. */
  postOnly?: boolean;
}

/** A market order: exactly one of `size` (base) or `funds` (quote). Both round down. */
export interface MarketOrderInput {
  productId: string;
  side: Side;
  size?: DecimalInput;
  funds?: DecimalInput;
}

/**
 * A stop-limit order: when the last trade reaches `stopPrice`, a limit order at `limitPrice`
 * is placed. A sell stop is a stop-loss (triggers at or below), a buy stop an entry (at or above).
 */
export interface StopOrderInput {
  productId: string;
  side: Side;
  size: DecimalInput;
  stopPrice: DecimalInput;
  limitPrice: DecimalInput;
  /** For the limit price; the stop price rounds to the nearest tick. */
  priceRounding?: PriceRounding;
}

/** A command the strategy issued, before validation. */
export type OrderCommand =
  | { readonly type: 'limit'; readonly input: LimitOrderInput }
  | { readonly type: 'market'; readonly input: MarketOrderInput }
  | { readonly type: 'stop'; readonly input: StopOrderInput };

/** A validated request, and the reason to refuse it when its amounts are too small. */
export interface BuiltOrder {
  readonly request: OrderRequest;
  readonly denial: Denial | undefined;
}

/**
 * Turns a strategy's order command into an exact {@link OrderRequest}: sizes and funds rounded
 * down, prices onto the tick by side, the product's minimum notional enforced. Amounts that round
 * to nothing or stay under the minimum come with a {@link Denial} (an event for the strategy);
 * malformed input (a JS number, a negative price, contradictory options) throws, because it is a
 * bug in the strategy.
 *
 * @throws InvalidDecimalError, InvalidArgumentError.
 */
export function buildOrderRequest(
  command: OrderCommand,
  rules: ProductRules,
  clientOrderId: ClientOrderId,
): BuiltOrder {
  const side = command.input.side;
  if (side !== 'buy' && side !== 'sell')
    throw new InvalidArgumentError('side', `expected buy or sell, received ${JSON.stringify(side)}`);
  const productId = rules.id as ProductId;
  // Requests are built as literals, field by field (this runs between the tick and the send).
  switch (command.type) {
    case 'limit': {
      const input = command.input;
      checkTimeInForce(input);
      const size = sizeOnIncrement(rules, input.size);
      const price = priceOnTick(rules, input.price, 'price', input.priceRounding ?? priceRoundingFor(side));
      const request: { -readonly [K in keyof OrderRequest]: OrderRequest[K] } = {
        clientOrderId,
        productId,
        side,
        type: 'limit',
        size,
        price,
      };
      if (input.timeInForce !== undefined) request.timeInForce = input.timeInForce;
      if (input.cancelAfter !== undefined) request.cancelAfter = input.cancelAfter;
      if (input.postOnly !== undefined) request.postOnly = input.postOnly;
      return {
        request,
        denial: sizeDenial(rules, size, input.size) ?? notionalDenial(rules, size.times(price)),
      };
    }
    case 'market': {
      const input = command.input;
      if ((input.size === undefined) === (input.funds === undefined))
        throw new InvalidArgumentError('size', 'a market order needs exactly one of size or funds');
      if (input.funds !== undefined) {
        const funds = quantize(toPositiveDecimal(input.funds, 'funds'), rules.quoteIncrement, 'down');
        const denial: Denial | undefined = funds.isZero()
          ? {
              reason: 'rounds_to_zero',
              message: `funds ${String(input.funds)} round down to 0 on ${rules.quoteIncrement.toFixed()}`,
            }
          : notionalDenial(rules, funds);
        return { request: { clientOrderId, productId, side, type: 'market', funds }, denial };
      }
      const size = sizeOnIncrement(rules, input.size as DecimalInput);
      return {
        request: { clientOrderId, productId, side, type: 'market', size },
        denial: sizeDenial(rules, size, input.size as DecimalInput),
      };
    }
    case 'stop': {
      const input = command.input;
      const size = sizeOnIncrement(rules, input.size);
      const stopPrice = priceOnTick(rules, input.stopPrice, 'stopPrice', 'nearest');
      const price = priceOnTick(
        rules,
        input.limitPrice,
        'limitPrice',
        input.priceRounding ?? priceRoundingFor(side),
      );
      return {
        request: { clientOrderId, productId, side, type: 'stop', size, price, stopPrice },
        denial: sizeDenial(rules, size, input.size) ?? notionalDenial(rules, size.times(price)),
      };
    }
  }
}

/** The asked size, positive, rounded down to the base increment (may become 0: see sizeDenial). */
function sizeOnIncrement(rules: ProductRules, asked: DecimalInput): Decimal {
  return quantize(toPositiveDecimal(asked, 'size'), rules.baseIncrement, 'down');
}

function priceOnTick(rules: ProductRules, value: DecimalInput, field: string, rounding: PriceRounding) {
  const price = toPositiveDecimal(value, field);
  if (rounding === 'exact') {
    if (!isMultipleOf(price, rules.quoteIncrement))
      throw new InvalidArgumentError(
        field,
        `expected a multiple of ${rules.quoteIncrement.toFixed()}, received ${price.toFixed()}`,
      );
    return price;
  }
  const onTick = quantize(price, rules.quoteIncrement, rounding);
  if (onTick.isZero())
    throw new InvalidArgumentError(
      field,
      `${price.toFixed()} rounds to 0 on ${rules.quoteIncrement.toFixed()}`,
    );
  return onTick;
}

function sizeDenial(rules: ProductRules, size: Decimal, asked: DecimalInput): Denial | undefined {
  if (!size.isZero()) return undefined;
  return {
    reason: 'rounds_to_zero',
    message: `size ${String(asked)} rounds down to 0 on ${rules.baseIncrement.toFixed()} (${rules.id})`,
  };
}

function notionalDenial(rules: ProductRules, notional: Decimal): Denial | undefined {
  if (!notional.lessThan(rules.minMarketFunds)) return undefined;
  return {
    reason: 'below_minimum',
    message: `notional ${notional.toFixed()} ${rules.quoteCurrency} is under ${rules.id}'s minimum ${rules.minMarketFunds.toFixed()}`,
  };
}

function checkTimeInForce(input: LimitOrderInput): void {
  const timeInForce = input.timeInForce;
  if (timeInForce !== undefined && !['GTC', 'GTT', 'IOC', 'FOK'].includes(timeInForce))
    throw new InvalidArgumentError(
      'timeInForce',
      `expected GTC, GTT, IOC or FOK, received ${JSON.stringify(timeInForce)}`,
    );
  if (input.postOnly === true && (timeInForce === 'IOC' || timeInForce === 'FOK'))
    throw new InvalidArgumentError('postOnly', `post-only cannot be combined with ${timeInForce}`);
  if (input.cancelAfter !== undefined && timeInForce !== 'GTT')
    throw new InvalidArgumentError('cancelAfter', 'cancelAfter needs timeInForce GTT');
}
