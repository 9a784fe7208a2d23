import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FillDeriver } from './fill-deriver.js';
import type { UserOrder } from './messages.js';

function order(fields: Partial<UserOrder>): UserOrder {
  return {
    order_id: 'o1',
    client_order_id: 'c1',
    status: 'OPEN',
    product_id: 'BTC-USD',
    order_side: 'BUY',
    order_type: 'Limit',
    cumulative_quantity: '0',
    leaves_quantity: '1',
    avg_price: '0',
    filled_value: '0',
    total_fees: '0',
    number_of_fills: '0',
    ...fields,
  };
}

describe('FillDeriver', () => {
  it('derives size, price from filled_value deltas, and fee from running totals', () => {
    const deriver = new FillDeriver();
    expect(deriver.observe(order({}), false)).toBeUndefined();
    const first = deriver.observe(
      order({ cumulative_quantity: '0.4', filled_value: '40', total_fees: '0.1' }),
      false,
    );
    expect(first).toMatchObject({ size: '0.4', price: '100', value: '40', fee: '0.1' });
    const second = deriver.observe(
      order({ cumulative_quantity: '1', filled_value: '106', total_fees: '0.25', status: 'FILLED' }),
      false,
    );
    expect(second).toMatchObject({ size: '0.6', price: '110', fee: '0.15', status: 'FILLED' });
    expect(deriver.tracked).toBe(0);
  });

  it('never derives from a first snapshot, nor twice from a replayed message', () => {
    const deriver = new FillDeriver();
    const partly = order({ cumulative_quantity: '0.5', filled_value: '50', total_fees: '0.1' });
    expect(deriver.observe(partly, true)).toBeUndefined();
    expect(deriver.observe(partly, true)).toBeUndefined();
    expect(deriver.observe(partly, false)).toBeUndefined();
    const later = order({ cumulative_quantity: '0.7', filled_value: '72', total_fees: '0.15' });
    expect(deriver.observe(later, false)).toMatchObject({ size: '0.2', price: '110' });
    // A message that arrives late (lower totals) derives nothing and does not reset the baseline.
    expect(deriver.observe(partly, false)).toBeUndefined();
    expect(deriver.observe(later, false)).toBeUndefined();
  });

  it('derives a fill missed while disconnected once, from the snapshot of a known order', () => {
    const deriver = new FillDeriver();
    deriver.observe(order({ cumulative_quantity: '0.1', filled_value: '10' }), false);
    const caughtUp = deriver.observe(order({ cumulative_quantity: '0.3', filled_value: '31' }), true);
    expect(caughtUp).toMatchObject({ size: '0.2', value: '21' });
    expect(deriver.observe(order({ cumulative_quantity: '0.3', filled_value: '31' }), true)).toBeUndefined();
  });

  it('sums of derived sizes equal the final cumulative quantity whatever the message order', () => {
    const deriver = new FillDeriver();
    const totals = ['0.1', '0.25', '0.25', '0.2', '0.6', '1'];
    let sum = new Decimal(0);
    for (const quantity of totals) {
      const fill = deriver.observe(order({ cumulative_quantity: quantity, filled_value: quantity }), false);
      if (fill) sum = sum.plus(fill.size);
    }
    expect(sum.toFixed()).toBe('1');
  });
});
