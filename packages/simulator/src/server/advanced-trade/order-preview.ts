import { Decimal } from 'decimal.js';
import type { Caller, ExchangeApi, PlaceOrderRequestWire } from '../../exchange/contract.js';

/** What `POST /orders/preview` and `/orders/edit_preview` estimate, and why the order would fail. */
export interface PreviewEstimate {
  errors: string[];
  baseSize: Decimal;
  quoteSize: Decimal;
  commission: Decimal;
  bestBid: string;
  bestAsk: string;
}

const isMultiple = (value: Decimal, increment: string) => value.mod(increment).isZero();

/**
 * Estimates an engine request without placing it: sizes and prices on the product's increments,
 * the notional at the limit price (market orders: at the best opposite price), the taker fee as an
 * upper bound on the commission, and the funds the order would hold.
 */
export function previewOrder(
  exchange: ExchangeApi,
  caller: Caller,
  request: PlaceOrderRequestWire,
): PreviewEstimate {
  const errors: string[] = [];
  const productId = String(request.product_id);
  const product = exchange.product(productId);
  const ticker = product ? exchange.ticker(productId) : undefined;
  const bestBid = ticker?.ok ? String(ticker.value.bid ?? '') : '';
  const bestAsk = ticker?.ok ? String(ticker.value.ask ?? '') : '';
  const estimate: PreviewEstimate = {
    errors,
    baseSize: new Decimal(0),
    quoteSize: new Decimal(0),
    commission: new Decimal(0),
    bestBid,
    bestAsk,
  };
  if (!product) {
    errors.push('PREVIEW_INVALID_PRODUCT_ID');
    return estimate;
  }
  const buy = request.side === 'buy';
  const referencePrice = request.price ?? (buy ? bestAsk : bestBid) ?? '';
  const price = referencePrice === '' ? new Decimal(0) : new Decimal(String(referencePrice));
  if (request.price !== undefined && !isMultiple(price, product.quote_increment)) {
    errors.push('PREVIEW_INVALID_PRICE_PRECISION');
  }
  if (request.funds !== undefined) {
    estimate.quoteSize = new Decimal(String(request.funds));
    estimate.baseSize = price.gt(0)
      ? estimate.quoteSize.div(price).toDecimalPlaces(8, Decimal.ROUND_DOWN)
      : new Decimal(0);
    if (estimate.quoteSize.lt(product.min_market_funds)) errors.push('PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL');
  } else {
    estimate.baseSize = new Decimal(String(request.size ?? '0'));
    estimate.quoteSize = estimate.baseSize.times(price);
    if (!isMultiple(estimate.baseSize, product.base_increment)) errors.push('PREVIEW_INVALID_SIZE_PRECISION');
    if (estimate.baseSize.lte(0)) errors.push('PREVIEW_INVALID_BASE_SIZE_TOO_SMALL');
  }
  const fees = exchange.fees(caller);
  estimate.commission = estimate.quoteSize.times(fees.taker_fee_rate).toDecimalPlaces(8, Decimal.ROUND_UP);
  const fundingCurrency = buy ? product.quote_currency : product.base_currency;
  const needed = buy ? estimate.quoteSize.plus(estimate.commission) : estimate.baseSize;
  const account = exchange.accounts(caller).find((candidate) => candidate.currency === fundingCurrency);
  if (account === undefined || new Decimal(account.available).lt(needed))
    errors.push('PREVIEW_INSUFFICIENT_FUND');
  return estimate;
}
