/**
 * The soak's strategy: on every trade it cancels its working orders on that product and places a
 * fresh post-only order, a bid below the trade price and an ask above it in turn, so each trade
 * costs one placed and one canceled order and the bot's per-order state is exercised as fast as
 * the market trades. With the default offset (10 %) the orders almost never fill; a small offset
 * (`--param priceOffset=0.0002`) makes some fill, to exercise the fill path too. Alternating sides
 * keeps the position near flat, under the bot's position limit.
 *
 * Run by hand: `pnpm start -- --strategy ../../tools/soak/src/churn-strategy.ts` (from apps/example-bot).
 */
import { defineStrategy, quantizePrice, type Side } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';

/** Parameters; every one can be set with `--param name=value`. */
export interface ChurnParams {
  /** Size of each order, in the base currency. */
  orderSize: string;
  /** Distance of the order from the trade price, as a fraction of it (0.1 = 10 %). */
  priceOffset: string;
}

export default defineStrategy<ChurnParams, { nextSide: Side }>({
  name: 'soak-churn',
  description: 'Places and cancels a post-only order on every trade, bid and ask in turn (for soak runs).',
  params: { defaults: { orderSize: '0.001', priceOffset: '0.1' } },
  createState: () => ({ nextSide: 'buy' }),
  onTrade(trade, ctx) {
    for (const order of ctx.openOrders(trade.productId)) ctx.orders.cancel(order.clientOrderId);
    const side = ctx.state.nextSide;
    ctx.state.nextSide = side === 'buy' ? 'sell' : 'buy';
    const offset = new Decimal(ctx.params.priceOffset);
    const price = trade.price.times(
      side === 'buy' ? new Decimal(1).minus(offset) : new Decimal(1).plus(offset),
    );
    ctx.orders.limit({
      productId: trade.productId,
      side,
      size: ctx.params.orderSize,
      price: quantizePrice(ctx.product(trade.productId), price, side).toFixed(),
      postOnly: true,
    });
  },
});
