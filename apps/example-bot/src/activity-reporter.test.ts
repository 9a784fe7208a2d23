import { EventEmitter } from 'node:events';
import {
  type Fill,
  type OrderStatus,
  type OrderView,
  type Runtime,
  type RuntimeEvents,
  taggedLogger,
} from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { botLogger, reportRuntimeActivity } from './activity-reporter.js';
import type { BotEvent } from './bot-events.js';
import { RunRecorder } from './output/summary.js';

describe('botLogger', () => {
  it("drops the runtime's own lines by their source tag and shows the strategy's, whatever the text", () => {
    const events: BotEvent[] = [];
    const logger = botLogger((event) => events.push(event), { debug: false });
    // The runtime hands one logger to itself and to ctx.log, tagged like this.
    const runtimeLog = taggedLogger(logger, 'runtime');
    const strategyLog = taggedLogger(logger, 'strategy');
    runtimeLog.info('runtime started', { strategy: 'quoting' });
    runtimeLog.warn('journal: dropped a torn last line', { path: '/tmp/journal.jsonl' });
    runtimeLog.error('runtime error: placing 01', { error: new Error('socket hang up') });
    strategyLog.info('runtime started');
    strategyLog.error('strategy handler gave up');
    strategyLog.debug('not shown without --debug');
    strategyLog.info('crossed above', { signal: 'buy', productId: 'BTC-USD' });
    expect(events).toEqual([
      { type: 'strategy-logged', level: 'info', message: 'runtime started' },
      { type: 'strategy-logged', level: 'error', message: 'strategy handler gave up' },
      { type: 'signal-raised', productId: 'BTC-USD', message: 'buy: crossed above' },
    ]);
  });
});

/**
 * The runtime's order events, emitted in the order and within the task the runtime emits them.
 * Not a real runtime: whether the exchange's answer is read before the deferred `order-placed`
 * depends on the OS scheduler (the hostile-exchange e2e saw it under load, not on every run), so
 * the sequence is replayed here deterministically.
 */
class OrderEvents {
  readonly emitter = new EventEmitter();
  readonly order: { -readonly [Key in keyof OrderView]: OrderView[Key] } = {
    clientOrderId: 'c-1' as OrderView['clientOrderId'],
    orderId: undefined,
    request: {
      clientOrderId: 'c-1' as OrderView['clientOrderId'],
      productId: 'BTC-USD' as OrderView['productId'],
      side: 'buy',
      type: 'limit',
      price: new Decimal('64289.39'),
      size: new Decimal('0.001'),
      postOnly: true,
    },
    productId: 'BTC-USD' as OrderView['productId'],
    side: 'buy',
    status: 'created',
    filledSize: new Decimal(0),
    executedValue: new Decimal(0),
    fees: new Decimal(0),
    canceledSize: new Decimal(0),
    remainingSize: new Decimal('0.001'),
    averageFillPrice: undefined,
    fills: [],
    rejectReason: undefined,
    origin: 'strategy',
    createdAt: 0,
    updatedAt: 0,
  };

  get runtime(): Runtime {
    return this.emitter as unknown as Runtime;
  }

  emit<Name extends keyof RuntimeEvents>(name: Name, ...args: RuntimeEvents[Name]): void {
    this.emitter.emit(name, ...args);
  }

  move(status: OrderStatus): void {
    const previousStatus = this.order.status;
    this.order.status = status;
    this.emit('order-updated', { order: this.order, previousStatus, status });
  }

  submit(): void {
    this.move('submitted');
    this.emit('order-submitted', this.order);
  }

  accept(orderId: string): void {
    this.order.orderId = orderId as OrderView['orderId'];
    this.emit('order-accepted', this.order);
    this.move('open');
  }

  fillCompletely(): void {
    const fill: Fill = {
      tradeId: '501',
      productId: this.order.productId,
      orderId: this.order.orderId!,
      clientOrderId: this.order.clientOrderId,
      side: 'buy',
      price: new Decimal('64289.39'),
      size: new Decimal('0.001'),
      fee: new Decimal('0.25715756'),
      liquidity: 'maker',
      time: 1,
      source: 'feed',
    };
    this.order.fills = [fill];
    this.order.filledSize = fill.size;
    this.order.status = 'filled';
    this.emit('order-filled', { order: this.order, fill });
    this.emit('order-updated', { order: this.order, previousStatus: 'open', status: 'filled' });
  }
}

const afterCurrentTask = () => new Promise((resolve) => setImmediate(resolve));

describe('reportRuntimeActivity', () => {
  it('reports order-placed after the current task (after the send), once', async () => {
    const events: BotEvent[] = [];
    const orders = new OrderEvents();
    reportRuntimeActivity(orders.runtime, (event) => events.push(event));
    orders.submit();
    expect(events).toEqual([]);
    await afterCurrentTask();
    await afterCurrentTask();
    expect(events).toEqual([
      {
        type: 'order-placed',
        order: {
          clientOrderId: 'c-1',
          productId: 'BTC-USD',
          side: 'buy',
          orderType: 'limit',
          price: '64289.39',
          size: '0.001',
        },
      },
    ]);
  });

  it('reports order-placed before an answer read before the deferred report, so the summary keeps the exchange id', async () => {
    const events: BotEvent[] = [];
    const recorder = new RunRecorder({ now: () => 0 });
    const orders = new OrderEvents();
    reportRuntimeActivity(orders.runtime, (event) => {
      events.push(event);
      recorder.record(event);
    });
    // Sent from a timer callback on a loaded machine: the answer and the fill are read in the
    // poll phase that comes before the check phase of the deferred report.
    orders.submit();
    orders.accept('o-1');
    orders.fillCompletely();
    await afterCurrentTask();
    await afterCurrentTask();

    expect(events.map((event) => event.type)).toEqual([
      'order-placed',
      'order-accepted',
      'order-filled',
      'order-completed',
    ]);
    const summary = recorder.summarize({
      positions: {},
      balances: {},
      openOrders: [],
      stopReason: 'test',
      endedAt: 0,
    });
    expect(summary.orders.placed).toEqual([
      expect.objectContaining({
        clientOrderId: 'c-1',
        orderId: 'o-1',
        status: 'filled',
        filledSize: '0.001',
      }),
    ]);
    expect(summary.orders.filled).toEqual([{ clientOrderId: 'c-1', orderId: 'o-1', productId: 'BTC-USD' }]);
  });

  it('reports order-placed before a rejection read before the deferred report', async () => {
    const events: BotEvent[] = [];
    const orders = new OrderEvents();
    reportRuntimeActivity(orders.runtime, (event) => events.push(event));
    orders.submit();
    orders.order.rejectReason = 'Post only mode';
    orders.move('rejected');
    orders.emit('order-rejected', orders.order);
    await afterCurrentTask();
    await afterCurrentTask();
    expect(events.map((event) => event.type)).toEqual(['order-placed', 'order-rejected']);
  });
});
