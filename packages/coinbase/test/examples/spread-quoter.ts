// The README's example plugin: quote one bid and one ask around the mid price, and re-quote when
// the mid moves.
import { type ClientOrderId, defineStrategy, ExactDecimal } from '@tradeloop/strategy-kit';

export default defineStrategy({
  name: 'spread-quoter',
  params: {
    defaults: { productId: 'BTC-USD', spread: '0.002', quote: '100', requoteMove: '0.0005' },
    validate: (params) =>
      new ExactDecimal(params.spread).lessThanOrEqualTo(0) ? ['spread: expected more than 0'] : [],
  },
  createState: () => ({
    mid: undefined as ExactDecimal | undefined,
    bid: undefined as ClientOrderId | undefined,
    ask: undefined as ClientOrderId | undefined,
  }),

  onStart(ctx) {
    ctx.log.info('quoting', { product: ctx.params.productId, spread: ctx.params.spread });
  },

  onTicker(ticker, ctx) {
    if (ticker.bestBid === undefined || ticker.bestAsk === undefined) return;
    const mid = ticker.bestBid.plus(ticker.bestAsk).div(2);
    const last = ctx.state.mid;
    if (last !== undefined && mid.minus(last).abs().div(last).lessThan(ctx.params.requoteMove)) return;
    ctx.state.mid = mid;
    // Replace both quotes: cancel what is working, place new ones (sizes and prices come back exact).
    ctx.orders.cancelAll(ctx.params.productId);
    const half = mid.times(ctx.params.spread).div(2);
    const bidPrice = mid.minus(half);
    const askPrice = mid.plus(half);
    const size = ctx.sizing.forQuoteAmount(ctx.params.productId, {
      quoteAmount: ctx.params.quote,
      price: bidPrice,
    });
    ctx.state.bid = ctx.orders.limit({
      productId: ctx.params.productId,
      side: 'buy',
      size,
      price: bidPrice,
      postOnly: true,
    });
    ctx.state.ask = ctx.orders.limit({
      productId: ctx.params.productId,
      side: 'sell',
      size,
      price: askPrice,
      postOnly: true,
    });
  },

  onFill(fill, ctx) {
    const position = ctx.position(fill.productId);
    ctx.log.info('filled', {
      side: fill.side,
      size: fill.size.toFixed(),
      price: fill.price.toFixed(),
      position: position.size.toFixed(),
    });
  },

  onOrderUpdate(update, ctx) {
    if (update.denial !== undefined)
      ctx.log.warn('order denied', { reason: update.denial.reason, message: update.denial.message });
  },
});
