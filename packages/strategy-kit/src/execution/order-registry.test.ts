import { describe, expect, it } from 'vitest';
import { ExactDecimal, ZERO } from '../model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../model/ids.js';
import { Order } from '../model/order.js';
import type { Side } from '../model/product-rules.js';
import { OrderRegistry } from './order-registry.js';

const products = ['BTC-USD', 'ETH-USD'] as ProductId[];
const sides: Side[] = ['buy', 'sell'];

/** What the gates summed before: every working order's remaining size, one product and side. */
function summed(registry: OrderRegistry, productId: ProductId, side: Side): string {
  let pending = ZERO;
  for (const order of registry.working())
    if (order.productId === productId && order.side === side)
      pending = pending.plus(order.remainingSize ?? ZERO);
  return pending.toFixed();
}

/** A small deterministic generator, so a failure replays. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('OrderRegistry.pendingSize', () => {
  it('equals the sum over working orders after every fill, resize, cancel and fill-out, as the order manager calls it', () => {
    const registry = new OrderRegistry(5, () => {});
    const random = seeded(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const orders: Order[] = [];
    let trade = 0;
    for (let step = 0; step < 400; step += 1) {
      const working = [...registry.working()];
      const action = working.length === 0 ? 0 : Math.floor(random() * 5);
      if (action === 0) {
        const order = new Order(
          {
            clientOrderId: `order-${step}` as ClientOrderId,
            productId: pick(products),
            side: pick(sides),
            type: 'limit',
            size: new ExactDecimal(1 + Math.floor(random() * 5)),
            price: new ExactDecimal('100'),
          },
          step,
        );
        registry.add(order);
        order.transition('submitted', step);
        registry.file(order);
        orders.push(order);
      } else if (action === 1 || action === 2) {
        // A fill of part or all of what remains (the manager recounts, then files when it moved).
        const order = pick(working);
        const remaining = order.remainingSize as ExactDecimal;
        const size = action === 1 ? remaining.div(2) : remaining;
        const previous = order.status;
        if (order.status === 'submitted') order.transition('open', step);
        trade += 1;
        order.applyFill({
          tradeId: String(trade),
          productId: order.productId,
          orderId: `venue-${order.clientOrderId}` as OrderId,
          side: order.side,
          price: new ExactDecimal('100'),
          size,
          fee: ZERO,
          liquidity: 'maker',
          time: step,
          source: 'feed',
        });
        registry.recount(order);
        if (order.status !== previous) registry.file(order);
      } else if (action === 3) {
        // The venue takes some size off (self-trade prevention).
        const order = pick(working);
        const remaining = order.remainingSize as ExactDecimal;
        if (order.shrink(remaining, remaining.div(4), step)) registry.recount(order);
      } else {
        const order = pick(working);
        if (order.status === 'submitted') order.transition('open', step);
        order.transition('canceled', step);
        registry.file(order);
      }
      for (const productId of products)
        for (const side of sides)
          expect(registry.pendingSize(productId, side).toFixed(), `step ${step}`).toBe(
            summed(registry, productId, side),
          );
    }
    expect(orders.length).toBeGreaterThan(50);
  });
});
