import { type ProductRules, productRulesFromWire } from '@tradeloop/strategy-kit';
import { BacktestConfigError } from './errors.js';

/**
 * Product rules used when the data source gives none, as Coinbase publishes them (`GET /products`).
 * Other products: `base_increment` 0.00000001, `quote_increment` 0.01, `min_market_funds` 1 (the
 * USD defaults), or pass the real rules with `productRules`.
 */
const knownProducts: Record<string, { base: string; quote: string; minFunds: string }> = {
  'BTC-USD': { base: '0.00000001', quote: '0.01', minFunds: '1' },
  'ETH-USD': { base: '0.00000001', quote: '0.01', minFunds: '1' },
  'SOL-USD': { base: '0.00000001', quote: '0.01', minFunds: '1' },
  'BTC-USDC': { base: '0.00000001', quote: '0.01', minFunds: '1' },
  'ETH-BTC': { base: '0.00000001', quote: '0.00001', minFunds: '0.0001' },
};

/**
 * The documented default rules of a product (see the table above).
 * @throws BacktestConfigError when the id is not BASE-QUOTE.
 */
export function defaultProductRules(productId: string): ProductRules {
  const [base, quote, extra] = productId.split('-');
  if (base === undefined || quote === undefined || extra !== undefined || base === '' || quote === '')
    throw new BacktestConfigError(
      'products',
      `expected BASE-QUOTE such as BTC-USD, received ${JSON.stringify(productId)}`,
    );
  const known = knownProducts[productId] ?? { base: '0.00000001', quote: '0.01', minFunds: '1' };
  return productRulesFromWire({
    id: productId,
    base_currency: base,
    quote_currency: quote,
    base_increment: known.base,
    quote_increment: known.quote,
    min_market_funds: known.minFunds,
    status: 'online',
  });
}
