/**
 * The soak's strategy: on every trade it cancels its working orders on that product and places a
 * fresh post-only bid well below the trade price, so each trade costs one placed and one canceled
 * order and the bot's per-order state is exercised as fast as the market trades. The bid sits far
 * from the market so it rarely fills; the point is order churn, not PnL.
 *
 * Run by hand: `pnpm start -- --strategy ../../tools/soak/src/churn-strategy.ts` (from apps/example-bot).
 */
import { defineStrategy, quantizePrice } from '@tradeloop/strategy-kit';

/** Parameters; every one can be set with `--param name=value`. */
export interface ChurnParams {
  /** Size of each bid, in the base currency. */
  orderSize: string;
  /** The bid's price as a fraction of the trade price (0.9 = 10 % below). */
  priceFraction: string;
}

export default defineStrategy<ChurnParams>({
  name: 'soak-churn',
  description: 'Places and cancels a post-only bid on every trade (for soak runs).',
  params: { defaults: { orderSize: '0.001', priceFraction: '0.9' } },
  onTrade(trade, ctx) {
    for (const order of ctx.openOrders(trade.productId)) ctx.orders.cancel(order.clientOrderId);
    const rules = ctx.product(trade.productId);
    ctx.orders.limit({
      productId: trade.productId,
      side: 'buy',
      size: ctx.params.orderSize,
      price: quantizePrice(rules, trade.price.times(ctx.params.priceFraction), 'buy').toFixed(),
      postOnly: true,
    });
  },
});
