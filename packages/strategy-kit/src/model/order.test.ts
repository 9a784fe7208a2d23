import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalOrderTransitionError, OrderOverfillError } from '../errors.js';
import { ExactDecimal } from './decimal.js';
import { type ClientOrderId, type OrderId, productId } from './ids.js';
import { Order } from './order.js';
import { canTransition, isTerminal, type OrderStatus, orderStatuses } from './order-state.js';
import type { Fill } from './reports.js';

const btcUsd = productId('BTC-USD');
const limitBuy = (size = '1') =>
  new Order(
    {
      clientOrderId: '6f1c1a44-8a53-4e4f-9d3e-1c2b3a4d5e6f' as ClientOrderId,
      productId: btcUsd,
      side: 'buy',
      type: 'limit',
      size: new ExactDecimal(size),
      price: new ExactDecimal('100'),
    },
    0,
  );
const fill = (tradeId: number, size: string, price = '100', fee = '0.01'): Fill => ({
  tradeId: String(tradeId),
  productId: btcUsd,
  orderId: 'order-1' as OrderId,
  side: 'buy',
  price: new ExactDecimal(price),
  size: new ExactDecimal(size),
  fee: new ExactDecimal(fee),
  liquidity: 'maker',
  time: tradeId,
  source: 'feed',
});

/** Drives a new order to `status` through legal moves (its status has no setter). */
function reach(order: Order, status: OrderStatus): void {
  const paths: Record<OrderStatus, OrderStatus[]> = {
    created: [],
    submitted: ['submitted'],
    unknown: ['submitted', 'unknown'],
    open: ['submitted', 'open'],
    partially_filled: ['submitted', 'partially_filled'],
    pending_cancel: ['submitted', 'pending_cancel'],
    filled: ['submitted', 'filled'],
    canceled: ['submitted', 'canceled'],
    rejected: ['rejected'],
  };
  for (const step of paths[status])
    order.transition(step, 0, step === 'unknown' ? 'placement_unknown' : 'lifecycle');
}

describe('order state machine', () => {
  it('allows exactly the documented transitions', () => {
    const legal: Array<[OrderStatus, OrderStatus]> = [];
    for (const from of orderStatuses)
      for (const to of orderStatuses) {
        if (from === to) continue;
        const order = limitBuy();
        reach(order, from);
        if (canTransition(from, to)) {
          order.transition(to, 1);
          expect(order.status).toBe(to);
          legal.push([from, to]);
        } else {
          expect(() => order.transition(to, 1)).toThrow(IllegalOrderTransitionError);
          expect(order.status).toBe(from);
        }
      }
    expect(legal.map(([from, to]) => `${from}→${to}`)).toEqual([
      'created→submitted',
      'created→rejected',
      'submitted→open',
      'submitted→partially_filled',
      'submitted→pending_cancel',
      'submitted→filled',
      'submitted→canceled',
      'submitted→rejected',
      'unknown→open',
      'unknown→partially_filled',
      'unknown→pending_cancel',
      'unknown→filled',
      'unknown→canceled',
      'unknown→rejected',
      'open→partially_filled',
      'open→pending_cancel',
      'open→filled',
      'open→canceled',
      'partially_filled→pending_cancel',
      'partially_filled→filled',
      'partially_filled→canceled',
      'pending_cancel→open',
      'pending_cancel→partially_filled',
      'pending_cancel→filled',
      'pending_cancel→canceled',
      'pending_cancel→rejected',
    ]);
  });

  it('never leaves a final status', () => {
    for (const final of ['filled', 'canceled', 'rejected'] as const) {
      expect(isTerminal(final)).toBe(true);
      for (const to of orderStatuses) if (to !== final) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('fills move the status and are counted once per trade id', () => {
    const order = limitBuy('1');
    order.transition('submitted', 1);
    expect(order.applyFill(fill(10, '0.4'))).toBe(true);
    expect(order.status).toBe('partially_filled');
    expect(order.applyFill(fill(10, '0.4'))).toBe(false);
    expect(order.filledSize.toFixed()).toBe('0.4');
    order.applyFill(fill(11, '0.6', '101'));
    expect(order.status).toBe('filled');
    expect(order.executedValue.toFixed()).toBe('100.6');
    expect(order.averageFillPrice?.toFixed()).toBe('100.6');
    expect(order.fees.toFixed()).toBe('0.02');
    expect(() => order.applyFill(fill(12, '0.00000001'))).toThrow(OrderOverfillError);
  });

  it('a fill during pending_cancel keeps the cancel pending; a refused cancel goes back', () => {
    const order = limitBuy('1');
    order.transition('submitted', 1);
    order.transition('open', 2);
    order.transition('pending_cancel', 3);
    order.applyFill(fill(1, '0.5'));
    expect(order.status).toBe('pending_cancel');
    order.cancelRefused(4);
    expect(order.status).toBe('partially_filled');
  });

  it('a late fill after the order is final is counted without a status change', () => {
    const order = limitBuy('1');
    order.transition('submitted', 1);
    order.transition('canceled', 2);
    expect(order.applyFill(fill(1, '0.25'))).toBe(true);
    expect(order.status).toBe('canceled');
    expect(order.filledSize.toFixed()).toBe('0.25');
  });

  it('any interleaving of duplicated fills counts each trade once and never overfills', () => {
    const fillSizes = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fillSizes,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        (units, picks, canceledEarly) => {
          const total = units.reduce((sum, unit) => sum + unit, 0);
          const order = limitBuy(new ExactDecimal(total).div(1000).toFixed());
          const fills = units.map((unit, index) =>
            fill(index + 1, new ExactDecimal(unit).div(1000).toFixed()),
          );
          order.transition('submitted', 0);
          if (canceledEarly) order.transition('pending_cancel', 0);
          // Deliver every fill at least once, plus duplicates in arbitrary positions.
          const deliveries = [...fills, ...picks.map((pick) => fills[pick % fills.length] as Fill)];
          const shuffled = deliveries.sort(
            (left, right) => ((Number(left.tradeId) * 7919) % 13) - ((Number(right.tradeId) * 7919) % 13),
          );
          for (const delivered of shuffled) order.applyFill(delivered);
          expect(order.filledSize.toFixed()).toBe(new ExactDecimal(total).div(1000).toFixed());
          expect(order.fills).toHaveLength(fills.length);
          expect(order.status).toBe('filled');
        },
      ),
    );
  });
});
