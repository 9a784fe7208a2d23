/**
 * {{strategyName}}: quotes one post-only bid and one ask around the mid price and replaces them
 * when the mid moves. Change it into your own strategy; the test beside it runs it against the
 * simulator.
 */
import { type ClientOrderId, defineStrategy, ExactDecimal } from '@tradeloop/strategy-kit';

export default defineStrategy({
  name: '{{strategyName}}',
  params: {
    // Money is a decimal string, never a JS number.
    defaults: { productId: 'BTC-USD', spread: '0.002', quote: '100', requoteMove: '0.0005' },
    validate: (params) =>
      new ExactDecimal(params.spread).lessThanOrEqualTo(0) ? ['spread: expected more than 0'] : [],
  },
  createState: () => ({
    mid: undefined as ExactDecimal | undefined,
    bid: undefined as ClientOrderId | undefined,
  }),

  onTicker(ticker, ctx) {
    if (ticker.productId !== ctx.params.productId) return;
    if (ticker.bestBid === undefined || ticker.bestAsk === undefined) return;
    const mid = ticker.bestBid.plus(ticker.bestAsk).div(2);
    const last = ctx.state.mid;
    if (last !== undefined && mid.minus(last).abs().div(last).lessThan(ctx.params.requoteMove)) return;
    ctx.state.mid = mid;
    ctx.orders.cancelAll(ctx.params.productId); // replace both quotes
    const half = mid.times(ctx.params.spread).div(2);
    const size = ctx.sizing.forQuoteAmount(ctx.params.productId, {
      quoteAmount: ctx.params.quote,
      price: mid.minus(half),
    });
    ctx.state.bid = ctx.orders.limit({
      productId: ctx.params.productId,
      side: 'buy',
      size,
      price: mid.minus(half),
      postOnly: true,
    });
    ctx.orders.limit({
      productId: ctx.params.productId,
      side: 'sell',
      size,
      price: mid.plus(half),
      postOnly: true,
    });
  },

  onFill(fill, ctx) {
    ctx.log.info('filled', {
      side: fill.side,
      size: fill.size.toFixed(),
      position: ctx.position(fill.productId).size.toFixed(),
    });
  },

  onOrderUpdate(update, ctx) {
    if (update.denial)
      ctx.log.warn('denied', { reason: update.denial.reason, message: update.denial.message });
  },
});
