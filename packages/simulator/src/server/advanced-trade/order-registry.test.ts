import { ManualClock } from '@tradeloop/clock';
import { describe, expect, it } from 'vitest';
import { createExchange } from '../../exchange/exchange.js';
import { translateOrder } from './order-configuration.js';
import { AdvancedTradeOrderRegistry } from './order-registry.js';

/** A registry on a ManualClock exchange, holding one resting GTD buy that ends `endInMs` from now. */
function restingGtdOrder(endInMs: number) {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const exchange = createExchange({ clock, seed: 5 });
  const caller = exchange.caller(exchange.addProfile({ balances: { USD: '100000' } }).profileId);
  const logged: string[] = [];
  const registry = new AdvancedTradeOrderRegistry(exchange, (line) => logged.push(line));
  const translated = translateOrder(
    {
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: {
        limit_limit_gtd: {
          base_size: '0.01',
          limit_price: '100.00',
          end_time: new Date(clock.now() + endInMs).toISOString(),
        },
      },
    },
    clock.now(),
  );
  if (!translated.ok) throw new Error(translated.problem.message);
  const placed = exchange.placeOrder(caller, translated.value.engineRequest);
  if (!placed.ok) throw new Error(placed.error.message);
  const order = registry.register(caller, 'client-1', translated.value, placed.value.id);
  const legStatus = () => registry.legsOf(caller, order.orderId)?.[0]?.status;
  return { clock, registry, order, legStatus, logged };
}

describe('AdvancedTradeOrderRegistry', () => {
  it("expires a GTD order at its end_time on the exchange's clock (a ManualClock drives it)", () => {
    const { clock, registry, order, legStatus, logged } = restingGtdOrder(60_000);

    clock.advanceBy(59_999);
    expect(order.expired).toBe(false);
    expect(legStatus()).toBe('open');

    clock.advanceBy(1);
    expect(order.expired).toBe(true);
    expect(legStatus()).toBe('done');
    expect(logged).toEqual([]);
    registry.close();
  });

  it('cancels pending expiries on close', () => {
    const { clock, registry, order, legStatus } = restingGtdOrder(1_000);
    registry.close();
    clock.advanceBy(2_000);
    expect(order.expired).toBe(false);
    expect(legStatus()).toBe('open');
  });
});
