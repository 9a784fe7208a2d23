import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FillDescription } from '../bot-events.js';
import { FILL_KEYS_KEPT, FINISHED_ORDERS_KEPT, type FinalState, RunRecorder } from './summary.js';
import { FileSummarySpool } from './summary-spool.js';

const now = () => Date.parse('2026-03-01T00:00:00.000Z');
const final: FinalState = {
  positions: {},
  balances: {},
  openOrders: [],
  stopReason: 'duration reached',
  endedAt: Date.parse('2026-03-01T01:00:00.000Z'),
};

function fill(index: number, overrides: Partial<FillDescription> = {}): FillDescription {
  return {
    tradeId: `trade-${index}`,
    orderId: `order-${index}`,
    clientOrderId: `client-${index}`,
    productId: 'BTC-USD',
    side: 'buy',
    price: '30000',
    size: '0.001',
    fee: '0.01',
    liquidity: 'maker',
    ...overrides,
  };
}

/** Places order `index`, has it accepted, and cancels it (or fills it when `filled`). */
function churn(recorder: RunRecorder, index: number, outcome: 'canceled' | 'filled' | 'working'): void {
  const clientOrderId = `client-${index}`;
  recorder.record({
    type: 'order-placed',
    order: {
      clientOrderId,
      productId: 'BTC-USD',
      side: 'buy',
      orderType: 'limit',
      price: '30000',
      size: '0.001',
    },
  });
  recorder.record({ type: 'order-accepted', clientOrderId, orderId: `order-${index}`, productId: 'BTC-USD' });
  if (outcome === 'filled') {
    recorder.record({ type: 'order-filled', fill: fill(index) });
    recorder.record({
      type: 'order-completed',
      clientOrderId,
      orderId: `order-${index}`,
      productId: 'BTC-USD',
    });
  } else if (outcome === 'canceled') {
    recorder.record({
      type: 'order-canceled',
      clientOrderId,
      orderId: `order-${index}`,
      productId: 'BTC-USD',
    });
  }
}

describe('RunRecorder bounds', () => {
  let directory: string;
  let spool: FileSummarySpool;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'summary-bounds-'));
    spool = new FileSummarySpool(join(directory, 'spool.jsonl'));
  });
  afterEach(() => {
    spool.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps working orders and a bounded tail of finished ones in memory, and lists every order and fill', () => {
    const recorder = new RunRecorder({ now, spool });
    const orders = 5000;
    for (let index = 0; index < orders; index += 1) {
      churn(recorder, index, index % 10 === 0 ? 'filled' : index % 500 === 7 ? 'working' : 'canceled');
    }
    const working = 10;
    expect(recorder.ordersInMemory).toBe(FINISHED_ORDERS_KEPT + working);

    const summary = recorder.summarize(final);
    expect(summary.orders.placed).toHaveLength(orders);
    expect(summary.orders.placed.map((order) => order.clientOrderId)).toEqual(
      Array.from({ length: orders }, (_, index) => `client-${index}`),
    );
    expect(summary.orders.filled).toHaveLength(orders / 10);
    expect(summary.orders.canceled).toHaveLength(orders - orders / 10 - working);
    expect(summary.fills).toHaveLength(orders / 10);
    expect(summary.orders.placed[0]).toMatchObject({
      orderId: 'order-0',
      status: 'filled',
      filledSize: '0.001',
    });
    expect(summary.orders.placed[1]).toMatchObject({
      orderId: 'order-1',
      status: 'canceled',
      filledSize: '0',
    });
    expect(summary.fills[0]?.heardAt).toBe('2026-03-01T00:00:00.000Z');
    expect(recorder.knownClientOrderIds().size).toBe(orders);
  });

  it('applies a late outcome and a late fill to an order already moved to the spool', () => {
    const recorder = new RunRecorder({ now, spool });
    churn(recorder, 0, 'canceled');
    for (let index = 1; index <= FINISHED_ORDERS_KEPT; index += 1) churn(recorder, index, 'canceled');
    expect(recorder.ordersInMemory).toBe(FINISHED_ORDERS_KEPT);
    // Order 0 is spooled now; a fill and a completion heard late must still reach the summary.
    recorder.record({ type: 'order-filled', fill: fill(0) });
    recorder.record({
      type: 'order-completed',
      clientOrderId: 'client-0',
      orderId: 'order-0',
      productId: 'BTC-USD',
    });

    const first = recorder.summarize(final).orders.placed[0];
    expect(first).toMatchObject({ clientOrderId: 'client-0', status: 'filled', filledSize: '0.001' });
  });

  it('counts a fill repeated after its key left the bounded set once, when the summary is written', () => {
    const recorder = new RunRecorder({ now, spool });
    churn(recorder, 0, 'working');
    recorder.record({ type: 'order-filled', fill: fill(0, { size: '0.0004' }) });
    for (let index = 1; index <= FILL_KEYS_KEPT; index += 1) {
      recorder.record({ type: 'order-filled', fill: fill(index, { clientOrderId: undefined }) });
    }
    recorder.record({ type: 'order-filled', fill: fill(0, { size: '0.0004' }) });

    const summary = recorder.summarize(final);
    expect(summary.fills).toHaveLength(FILL_KEYS_KEPT + 1);
    expect(summary.duplicateFillEvents).toBe(1);
    expect(summary.orders.placed[0]?.filledSize).toBe('0.0004');
  });
});
