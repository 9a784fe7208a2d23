import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { btcUsdWire } from '../model/__fixtures__/products.js';
import { ExactDecimal, ZERO } from '../model/decimal.js';
import { type ClientOrderId, productId } from '../model/ids.js';
import { Order, type OrderRequest, type OrderView } from '../model/order.js';
import { productRulesFromWire } from '../model/product-rules.js';
import { RiskGates, type RiskView } from './gates.js';
import { KillSwitch } from './kill-switch.js';

const btcUsd = productId('BTC-USD');
let counter = 0;
const request = (patch: Partial<OrderRequest> & { size?: Decimal }): OrderRequest => ({
  clientOrderId: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}` as ClientOrderId,
  productId: btcUsd,
  side: 'buy',
  type: 'limit',
  price: new ExactDecimal('100'),
  size: new ExactDecimal('1'),
  ...patch,
});

function view(
  patch: Partial<{
    now: number;
    position: string;
    working: OrderView[];
    pnl: string;
    price: string | undefined;
    wire: object;
  }> = {},
): RiskView {
  const rules = productRulesFromWire(patch.wire ?? btcUsdWire);
  return {
    now: () => patch.now ?? 0,
    rules: () => rules,
    referencePrice: () =>
      'price' in patch
        ? patch.price === undefined
          ? undefined
          : new ExactDecimal(patch.price)
        : new ExactDecimal('100'),
    positionSize: () => new ExactDecimal(patch.position ?? '0'),
    workingOrders: () => patch.working ?? [],
    dailyPnl: () => (patch.pnl === undefined ? ZERO : new ExactDecimal(patch.pnl)),
  };
}

const working = (side: 'buy' | 'sell', size: string): OrderView => {
  const order = new Order(request({ side, size: new ExactDecimal(size) }), 0);
  order.transition('submitted', 0);
  order.transition('open', 0);
  return order;
};

describe('RiskGates', () => {
  it('lets an order through when nothing is configured and the product is online', () => {
    expect(new RiskGates().check(request({}), view())).toBeUndefined();
  });

  it('denies by product status, always', () => {
    const denial = new RiskGates().check(request({}), view({ wire: { ...btcUsdWire, cancel_only: true } }));
    expect(denial?.reason).toBe('product_not_tradable');
    expect(denial?.message).toContain('cancel_only');
  });

  it('denies an order above the max notional, including market orders valued at the reference price', () => {
    const gates = new RiskGates({ maxOrderNotional: '150' });
    expect(gates.check(request({ size: new ExactDecimal('1.5') }), view())).toBeUndefined();
    expect(gates.check(request({ size: new ExactDecimal('1.51') }), view())?.reason).toBe(
      'max_order_notional',
    );
    const market = request({ type: 'market', price: undefined, size: new ExactDecimal('2') });
    expect(gates.check(market, view({ price: '70' }))).toBeUndefined();
    expect(gates.check(market, view({ price: '80' }))?.reason).toBe('max_order_notional');
    expect(gates.check(market, view({ price: undefined }))?.reason).toBe('no_reference_price');
    const funds = request({
      type: 'market',
      price: undefined,
      size: undefined,
      funds: new ExactDecimal('151'),
    });
    expect(gates.check(funds, view())?.message).toBe('order notional 151 USD is above the limit 150');
  });

  it('reads the pending size from the view when it keeps one, without walking the working orders', () => {
    const gates = new RiskGates({ maxPositionSize: { 'BTC-USD': '3' } });
    const kept = (pending: string): RiskView => ({
      ...view({ position: '1' }),
      workingOrders: () => {
        throw new Error('the gates walked the working orders');
      },
      pendingSize: (_product, side) => (side === 'buy' ? new ExactDecimal(pending) : ZERO),
    });
    expect(gates.check(request({ size: new ExactDecimal('1') }), kept('1'))).toBeUndefined();
    expect(gates.check(request({ size: new ExactDecimal('1') }), kept('1.5'))?.reason).toBe('max_position');
  });

  it('denies when the position could pass the max, counting working orders on the same side', () => {
    const gates = new RiskGates({ maxPositionSize: { 'BTC-USD': '3' } });
    expect(
      gates.check(
        request({ size: new ExactDecimal('1') }),
        view({ position: '1', working: [working('buy', '1')] }),
      ),
    ).toBeUndefined();
    expect(
      gates.check(
        request({ size: new ExactDecimal('1') }),
        view({ position: '1.5', working: [working('buy', '1')] }),
      )?.reason,
    ).toBe('max_position');
    // A sell that reduces a long is always allowed.
    expect(
      gates.check(request({ side: 'sell', size: new ExactDecimal('2') }), view({ position: '5' })),
    ).toBeUndefined();
    // Working sells do not count against a buy.
    expect(
      gates.check(request({ size: new ExactDecimal('3') }), view({ working: [working('sell', '9')] })),
    ).toBeUndefined();
  });

  it('denies past the max open orders', () => {
    const gates = new RiskGates({ maxOpenOrders: 2 });
    expect(gates.check(request({}), view({ working: [working('buy', '1')] }))).toBeUndefined();
    expect(
      gates.check(request({}), view({ working: [working('buy', '1'), working('sell', '1')] }))?.reason,
    ).toBe('max_open_orders');
  });

  it('limits the order rate over a sliding window of the injected clock', () => {
    const gates = new RiskGates({ maxOrdersPerWindow: { count: 2, windowMs: 1000 } });
    gates.recordSent(0);
    gates.recordSent(500);
    expect(gates.check(request({}), view({ now: 999 }))?.reason).toBe('order_rate');
    expect(gates.check(request({}), view({ now: 1000 }))).toBeUndefined();
  });

  it('after the daily loss limit only allows reducing orders', () => {
    const gates = new RiskGates({ dailyLossLimit: '100' });
    expect(gates.check(request({}), view({ pnl: '-99.99' }))).toBeUndefined();
    expect(gates.check(request({}), view({ pnl: '-100' }))?.reason).toBe('daily_loss_limit');
    expect(
      gates.check(
        request({ side: 'sell', size: new ExactDecimal('1') }),
        view({ pnl: '-500', position: '1' }),
      ),
    ).toBeUndefined();
    expect(
      gates.check(
        request({ side: 'sell', size: new ExactDecimal('1.1') }),
        view({ pnl: '-500', position: '1' }),
      )?.reason,
    ).toBe('daily_loss_limit');
  });

  it('refuses limits that are not positive', () => {
    expect(() => new RiskGates({ maxOrderNotional: '0' })).toThrow(InvalidArgumentError);
    expect(() => new RiskGates({ maxOpenOrders: 0 })).toThrow(InvalidArgumentError);
    expect(() => new RiskGates({ maxOrdersPerWindow: { count: 1, windowMs: 0 } })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('KillSwitch', () => {
  it('engages once, keeps the first reason, and can be reached by a signal', () => {
    const killSwitch = new KillSwitch(() => 42);
    const seen: string[] = [];
    killSwitch.on('kill-switch-engaged', (state) => seen.push(`${state.source}:${state.reason}@${state.at}`));
    const unbind = killSwitch.bindSignal('SIGUSR2');
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(killSwitch.engaged).toBe(true);
    expect(killSwitch.engage('again', 'strategy')).toBe(false);
    unbind();
    expect(seen).toEqual(['signal:received SIGUSR2@42']);
    killSwitch.reset();
    expect(killSwitch.engaged).toBe(false);
  });
});
