/**
 * Signals through the runtime: every signal reaches `onSignal` in the event loop, its orders pass
 * the risk gates and the kill switch, and its fate follows them. The venue is the scripted one
 * because the test decides when an order fills; the webhook source and the whole path against
 * the simulator are tested in @tradeloop/signals and in the example bot's end-to-end test.
 */

import { ManualClock } from '@tradeloop/clock';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, VenueRejectedError } from '../src/errors.js';
import { ExactDecimal } from '../src/model/decimal.js';
import { type ProductId, productId } from '../src/model/ids.js';
import { defineStrategy } from '../src/runtime/define-strategy.js';
import { createRuntime, type Runtime } from '../src/runtime/runtime.js';
import type { Signal, SignalFate, SignalSink, SignalSource } from '../src/runtime/signals.js';
import { btcUsd, sequentialIds, settle, ticker } from './helpers.js';
import { ScriptedVenue } from './scripted-venue.js';

const start = Date.UTC(2026, 0, 5, 12, 0, 0);
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

/** The smallest real source: signals pushed by the test, fates recorded as the runtime reports them. */
class PushSource implements SignalSource {
  readonly name = 'push';
  sink: SignalSink | undefined;
  readonly fates: SignalFate[] = [];
  stopped = false;

  async start(sink: SignalSink): Promise<void> {
    this.sink = sink;
  }

  fateChanged(fate: SignalFate): void {
    this.fates.push(fate);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  push(id: string, overrides: Partial<Signal> = {}): void {
    if (this.sink === undefined) throw new Error('not started');
    this.sink.submit({
      id,
      time: start,
      productId: btcUsd,
      action: 'buy',
      type: 'limit',
      size: new ExactDecimal('0.01'),
      price: new ExactDecimal('100'),
      source: this.name,
      ...overrides,
    });
  }

  last(id: string): SignalFate | undefined {
    return this.fates.filter((fate) => fate.id === id).at(-1);
  }
}

/** Places what the signal says (limit only: enough for the runtime's part) or throws on request. */
const follower = defineStrategy({
  name: 'follower',
  onSignal(signal, ctx) {
    if (signal.action === 'cancel_all') {
      ctx.orders.cancelAll(signal.productId);
      return;
    }
    if (signal.action === 'close') throw new Error('close is not supported by this test strategy');
    ctx.orders.limit({
      productId: signal.productId,
      side: signal.action,
      size: signal.size ?? '0',
      price: signal.price ?? '0',
    });
  },
});

async function started(source: PushSource, venue = new ScriptedVenue(), risk = {}) {
  runtime = createRuntime({
    venue,
    strategy: follower,
    productIds: ['BTC-USD'],
    clock: new ManualClock(start),
    clientOrderIds: sequentialIds(),
    signalSources: [source],
    risk,
  });
  const updates: SignalFate[] = [];
  runtime.on('signal-updated', (fate) => updates.push(fate));
  await runtime.start();
  venue.emit({ type: 'ticker', ticker: ticker('100') });
  await settle(runtime);
  return { runtime, venue, updates };
}

describe('signals through the runtime', () => {
  it('follows a signal from accepted to placed (with its client order id) to filled', async () => {
    const source = new PushSource();
    const { runtime: bot, venue, updates } = await started(source);
    source.push('s-1');
    await settle(bot);
    expect(source.last('s-1')).toMatchObject({
      status: 'placed',
      source: 'push',
      orders: [{ clientOrderId: '00000000-0000-4000-8000-000000000001', status: 'open' }],
    });
    venue.fill('00000000-0000-4000-8000-000000000001' as never, '0.01', '100', true);
    await settle(bot);
    // Every change is reported (the order going from submitted to open is one); the statuses in turn:
    const statuses = source.fates.filter((fate) => fate.id === 's-1').map((fate) => fate.status);
    expect(statuses.filter((status, index) => status !== statuses[index - 1])).toEqual([
      'accepted',
      'placed',
      'filled',
    ]);
    expect(source.last('s-1')?.orders).toEqual([
      { clientOrderId: '00000000-0000-4000-8000-000000000001', status: 'filled', filledSize: '0.01' },
    ]);
    expect(updates).toEqual(source.fates);
    expect(bot.signalFates().map((fate) => fate.status)).toEqual(['filled']);
  });

  it('refuses a product the bot was not started with, without calling the strategy', async () => {
    const source = new PushSource();
    const { runtime: bot, venue } = await started(source);
    source.push('s-eth', { productId: productId('ETH-USD') as ProductId });
    await settle(bot);
    expect(source.last('s-eth')).toMatchObject({ status: 'denied', reason: 'unknown_product' });
    expect(source.last('s-eth')?.message).toContain('ETH-USD is not one of the products');
    expect(venue.placed).toEqual([]);
  });

  it('puts signal orders through the risk gates and the kill switch', async () => {
    const source = new PushSource();
    const { runtime: bot, venue } = await started(source, new ScriptedVenue(), { maxOrderNotional: '5' });
    source.push('too-big', { size: new ExactDecimal('0.1') });
    await settle(bot);
    expect(source.last('too-big')).toMatchObject({ status: 'denied', reason: 'max_order_notional' });

    bot.killSwitch.engage('operator stop', 'operator');
    source.push('after-kill');
    await settle(bot);
    expect(source.last('after-kill')).toMatchObject({ status: 'denied', reason: 'kill_switch' });
    expect(venue.placed).toEqual([]);
  });

  it('reports a failing handler as failed, and a signal that needs no order as completed', async () => {
    const source = new PushSource();
    const { runtime: bot } = await started(source);
    source.push('close-1', { action: 'close', type: 'market' });
    source.push('cancel-1', { action: 'cancel_all', type: 'market' });
    await settle(bot);
    expect(source.last('close-1')).toMatchObject({ status: 'failed', reason: 'handler_failed' });
    expect(source.last('close-1')?.message).toContain('close is not supported');
    expect(source.last('cancel-1')).toMatchObject({ status: 'completed', orders: [] });
  });

  it('reports a venue rejection as failed, and a canceled limit as canceled', async () => {
    const source = new PushSource();
    const venue = new ScriptedVenue();
    const { runtime: bot } = await started(source, venue);
    source.push('rests');
    await settle(bot);
    source.push('cancel', { action: 'cancel_all', type: 'market' });
    await settle(bot);
    expect(source.last('rests')).toMatchObject({ status: 'canceled' });
    expect(source.last('cancel')).toMatchObject({ status: 'completed' });

    venue.holdPlacements = true;
    source.push('refused');
    await settle(bot);
    venue.failPlacement(new VenueRejectedError('Insufficient funds'), true);
    await settle(bot);
    expect(source.last('refused')).toMatchObject({ status: 'failed', reason: 'rejected' });
    expect(source.last('refused')?.message).toContain('Insufficient funds');
  });

  it('stops its sources first at stop, and refuses what still arrives', async () => {
    const source = new PushSource();
    const { runtime: bot } = await started(source);
    await bot.stop();
    runtime = undefined;
    expect(source.stopped).toBe(true);
    source.push('late');
    expect(source.last('late')).toMatchObject({ status: 'denied', reason: 'strategy_halted' });
  });

  it('refuses signal sources for a strategy without onSignal', () => {
    expect(() =>
      createRuntime({
        venue: new ScriptedVenue(),
        strategy: defineStrategy({ name: 'deaf' }),
        productIds: ['BTC-USD'],
        signalSources: [new PushSource()],
      }),
    ).toThrow(InvalidArgumentError);
  });
});
