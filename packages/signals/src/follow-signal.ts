import type { Signal, StrategyContext } from '@tradeloop/strategy-kit';

/**
 * Does what a signal says, through the strategy's context (so every order gets a client order id
 * first and passes the risk gates and the kill switch):
 *
 * | action       | orders                                                                          |
 * | ------------ | ------------------------------------------------------------------------------- |
 * | `buy`/`sell` | market: `size` or `quote_size` (as funds for a buy; converted at the best bid for a sell); limit: `size` (or `quote_size` ÷ `price`) at `price` |
 * | `close`      | cancels the product's working orders, then a market order for the whole position (nothing when flat) |
 * | `cancel_all` | cancels the product's working orders                                            |
 *
 * Amounts round down to the product's increments; an order under the product's minimum is denied
 * (the signal's fate says `denied`); a `quote_size` too small to size at all fails (`failed`, with
 * the sizing error's message).
 *
 * @example
 * export default defineStrategy({ name: 'signal-follower', onSignal: followSignal });
 */
export function followSignal(signal: Signal, ctx: StrategyContext): void {
  const productId = signal.productId;
  switch (signal.action) {
    case 'cancel_all':
      ctx.orders.cancelAll(productId);
      return;
    case 'close': {
      ctx.orders.cancelAll(productId);
      const position = ctx.position(productId).size;
      if (position.isZero()) return;
      ctx.orders.market({ productId, side: position.isPositive() ? 'sell' : 'buy', size: position.abs() });
      return;
    }
    case 'buy':
    case 'sell': {
      const side = signal.action;
      if (signal.type === 'limit') {
        const price = signal.price;
        if (price === undefined) throw new Error(`signal ${signal.id}: a limit signal without a price`);
        const size =
          signal.size ??
          ctx.sizing.forQuoteAmount(productId, { quoteAmount: signal.quoteSize ?? '0', price });
        ctx.orders.limit({ productId, side, size, price });
        return;
      }
      if (signal.size !== undefined) {
        ctx.orders.market({ productId, side, size: signal.size });
        return;
      }
      const quoteSize = signal.quoteSize;
      if (quoteSize === undefined) throw new Error(`signal ${signal.id}: neither size nor quote_size`);
      if (side === 'buy') {
        ctx.orders.market({ productId, side, funds: quoteSize });
        return;
      }
      // A market sell is sized in base: the quote amount at the best bid (or the last price).
      const ticker = ctx.ticker(productId);
      const price = ticker?.bestBid ?? ticker?.price;
      if (price === undefined)
        throw new Error(`signal ${signal.id}: no price yet to size a sell of ${quoteSize.toFixed()} quote`);
      ctx.orders.market({
        productId,
        side,
        size: ctx.sizing.forQuoteAmount(productId, { quoteAmount: quoteSize, price }),
      });
      return;
    }
  }
}
