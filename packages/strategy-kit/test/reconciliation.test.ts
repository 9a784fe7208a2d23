/**
 * Orderings of feed and REST that decide whether a fill is lost or counted twice. They run on a
 * scripted venue because the simulator answers REST and feed on its own schedule: it cannot be
 * told to deliver a match on the feed before the HTTP response of the same order, to fill an
 * order only while our feed is down, or to let the bot crash between sending and the answer.
 */

import { ManualClock } from '@tradeloop/clock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryJournal } from '../src/execution/journal.js';
import type { ReconciliationSummary } from '../src/execution/reconciliation.js';
import { ExactDecimal } from '../src/model/decimal.js';
import type { ClientOrderId, ProductId } from '../src/model/ids.js';
import type { Fill } from '../src/model/reports.js';
import { defineStrategy } from '../src/runtime/define-strategy.js';
import { createRuntime, type Runtime } from '../src/runtime/runtime.js';
import { sequentialIds, settle, ticker } from './helpers.js';
import { ScriptedVenue } from './scripted-venue.js';

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop();
});

/** A strategy that places what the test asks and records fills and updates. */
function recordingStrategy() {
  const record = { fills: [] as Fill[], updates: [] as string[] };
  const strategy = defineStrategy({
    name: 'recording',
    onFill(fill) {
      record.fills.push(fill);
    },
    onOrderUpdate(update) {
      record.updates.push(
        `${update.order.clientOrderId.slice(-2)} ${update.previousStatus}→${update.status}`,
      );
    },
  });
  return { strategy, record };
}

async function startRuntime(
  venue: ScriptedVenue,
  options: Partial<Parameters<typeof createRuntime>[0]> = {},
) {
  const { strategy, record } = recordingStrategy();
  const runtime = createRuntime({
    venue,
    strategy,
    productIds: ['BTC-USD'],
    clientOrderIds: sequentialIds(),
    clock: new ManualClock(0),
    ...options,
  });
  runtimes.push(runtime);
  const summaries: ReconciliationSummary[] = [];
  runtime.on('reconciliation-completed', (summary) => summaries.push(summary));
  await runtime.start();
  return { runtime, record, summaries };
}

/**
 * Starts a runtime (no clock) whose recording strategy buys 1 BTC-USD at 100 on start, and waits
 * until it settled. Serves the orderings where the placement's REST answer is held back.
 */
async function startWithHeldBuy(venue: ScriptedVenue, name: string) {
  const { strategy, record } = recordingStrategy();
  let id: ClientOrderId | undefined;
  const runtime = createRuntime({
    venue,
    productIds: ['BTC-USD'],
    clientOrderIds: sequentialIds(),
    strategy: defineStrategy({
      ...strategy,
      name,
      onStart(ctx) {
        id = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '100' });
      },
    }),
  });
  runtimes.push(runtime);
  await runtime.start();
  await settle(runtime);
  return { runtime, record, clientOrderId: id as ClientOrderId };
}

describe('reconciliation orderings', () => {
  it('a fill on the feed before the REST answer of the placement is counted once', async () => {
    const venue = new ScriptedVenue();
    venue.holdPlacements = true;
    const { runtime, record, clientOrderId } = await startWithHeldBuy(venue, 'feed-first');
    // The feed: `received` (with client_oid), then a match, then the REST answer, then REST fills again.
    venue.emit({
      type: 'order-report',
      report: { ...venue.report(clientOrderId, 'feed'), status: 'pending' },
    });
    const fill = venue.fill(clientOrderId, '0.4', '100', true);
    await settle(runtime);
    expect(record.fills.map((seen) => seen.tradeId)).toEqual([fill.tradeId]);
    venue.answerPlacement();
    await settle(runtime);
    venue.emit({ type: 'fill', fill: { ...fill, source: 'rest' } });
    await runtime.reconcile('reconnect');
    await settle(runtime);
    expect(record.fills).toHaveLength(1);
    expect(runtime.snapshot().positions[0]?.size.toFixed()).toBe('0.4');
    expect(record.updates).toEqual(['01 created→submitted', '01 submitted→partially_filled']);
  });

  it('a fill whose order id is not known yet (no `received` seen) waits and is counted when the id arrives', async () => {
    const venue = new ScriptedVenue();
    venue.holdPlacements = true;
    const { runtime, record, clientOrderId: id } = await startWithHeldBuy(venue, 'parked');
    venue.fill(id as ClientOrderId, '1', '100', true);
    await settle(runtime);
    expect(record.fills).toHaveLength(0);
    venue.answerPlacement();
    await settle(runtime);
    expect(record.fills).toHaveLength(1);
    expect(runtime.snapshot().orders.filled).toBe(1);
  });

  it('a fill older than every order awaiting its id is not kept (its order was forgotten), a newer one is', async () => {
    for (const [ageMs, counted] of [
      [0, 1],
      [60_000, 0],
    ] as const) {
      const venue = new ScriptedVenue();
      venue.holdPlacements = true;
      const { runtime, record, clientOrderId: id } = await startWithHeldBuy(venue, `parked-${ageMs}`);
      venue.time = Date.now() - ageMs;
      venue.fill(id as ClientOrderId, '0.5', '100', true);
      await settle(runtime);
      const queriesBefore = venue.fillQueries.length;
      venue.answerPlacement();
      await settle(runtime);
      // A kept fill is counted when the id arrives; for the old one the venue is asked again.
      expect(record.fills, `a fill ${ageMs} ms old`).toHaveLength(1);
      expect(venue.fillQueries.length - queriesBefore, `queries after a fill ${ageMs} ms old`).toBe(
        1 - counted,
      );
    }
  });

  it('a fill missed during a disconnect is found after the reconnect and emitted exactly once', async () => {
    const venue = new ScriptedVenue();
    let id: ClientOrderId | undefined;
    const { strategy, record } = recordingStrategy();
    const runtime = createRuntime({
      venue,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      clock: new ManualClock(0),
      strategy: defineStrategy({
        ...strategy,
        name: 'disconnect',
        onStart(ctx) {
          id = ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size: '0.5', price: '100' });
        },
      }),
    });
    runtimes.push(runtime);
    const summaries: ReconciliationSummary[] = [];
    runtime.on('reconciliation-completed', (summary) => summaries.push(summary));
    await runtime.start();
    await settle(runtime);
    venue.emit({ type: 'disconnected', reason: 'socket closed (1006)' });
    const missed = venue.fill(id as ClientOrderId, '0.5', '101', false);
    venue.emit({ type: 'reconnected' });
    await settle(runtime);
    expect(summaries.at(-1)).toMatchObject({ trigger: 'reconnect', missedFills: 1, updatedOrders: 1 });
    expect(record.fills.map((fill) => fill.tradeId)).toEqual([missed.tradeId]);
    // The feed replays the same match late, and a second reconnect finds it again: still once.
    venue.emit({ type: 'fill', fill: missed });
    venue.emit({ type: 'reconnected' });
    await settle(runtime);
    expect(record.fills).toHaveLength(1);
    expect(summaries.at(-1)).toMatchObject({ missedFills: 0 });
    const snapshot = runtime.snapshot();
    expect(snapshot.positions[0]?.size.toFixed()).toBe('-0.5');
    expect(snapshot.orders.filled).toBe(1);
    // Balances: 1 BTC − 0.5; 10000 USD + 50.5 − fee 0.202.
    expect(snapshot.balances.map((balance) => `${balance.currency} ${balance.total.toFixed()}`)).toEqual([
      'USD 10050.298',
      'BTC 0.5',
    ]);
  });

  it('a restart picks up its own open orders from the journal, and fills that happened while it was down', async () => {
    const venue = new ScriptedVenue();
    const journal = new MemoryJournal();
    const ids: ClientOrderId[] = [];
    const first = createRuntime({
      venue,
      journal,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      strategy: defineStrategy({
        name: 'before-restart',
        onStart(ctx) {
          ids.push(ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' }));
          ids.push(ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '2', price: '80' }));
        },
      }),
    });
    await first.start();
    await settle(first);
    venue.fill(ids[0] as ClientOrderId, '0.25', '90', true);
    await settle(first);
    await first.stop(); // orders stay on the book
    // While down: the first order fills completely, the second partly.
    const missedA = venue.fill(ids[0] as ClientOrderId, '0.75', '90', false);
    const missedB = venue.fill(ids[1] as ClientOrderId, '0.5', '80', false);
    const { runtime, record, summaries } = await startRuntime(venue, {
      journal,
      clientOrderIds: () => 'ffffffff-0000-4000-8000-000000000000' as ClientOrderId,
    });
    await settle(runtime);
    expect(summaries[0]).toMatchObject({ trigger: 'start', missedFills: 2, adoptedOrders: 0 });
    expect(record.fills.map((fill) => fill.tradeId).sort()).toEqual(
      [missedA.tradeId, missedB.tradeId].sort(),
    );
    const snapshot = runtime.snapshot();
    expect(snapshot.orders.working).toBe(1);
    expect(snapshot.positions[0]?.size.toFixed()).toBe('1.5');
    expect(runtime.snapshot().positions[0]?.fees.toFixed()).toBe('0.52');
  });

  it('journals the fill cursor a reconciliation moved, and a restart asks only for newer fills', async () => {
    const venue = new ScriptedVenue();
    const journal = new MemoryJournal();
    let id: ClientOrderId | undefined;
    const first = createRuntime({
      venue,
      journal,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      clock: new ManualClock(0),
      strategy: defineStrategy({
        name: 'cursor',
        onStart(ctx) {
          id = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
        },
      }),
    });
    runtimes.push(first);
    await first.start();
    await settle(first);
    const missed = venue.fill(id as ClientOrderId, '0.5', '90', false);
    await first.reconcile('manual');
    await first.stop({ reconcile: false });
    expect(journal.replay().fillCursors.get('BTC-USD' as ProductId)).toBe(String(missed.tradeId));

    venue.fillQueries.length = 0;
    await startRuntime(venue, { journal });
    expect(venue.fillQueries[0]).toEqual({ productId: 'BTC-USD', after: String(missed.tradeId) });
  });

  it('a restarted runtime lists the orders it restored from the journal, before reconciling', async () => {
    const venue = new ScriptedVenue();
    const journal = new MemoryJournal();
    const ids: ClientOrderId[] = [];
    const first = createRuntime({
      venue,
      journal,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      strategy: defineStrategy({
        name: 'before-restart',
        onStart(ctx) {
          ids.push(ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' }));
          ids.push(ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '2', price: '80' }));
        },
      }),
    });
    await first.start();
    await settle(first);
    venue.fill(ids[0] as ClientOrderId, '1', '90', true);
    await settle(first);
    await first.stop();
    expect(first.restoredOrders()).toEqual([]);
    const second = createRuntime({
      venue,
      journal,
      productIds: ['BTC-USD'],
      strategy: defineStrategy({ name: 'after-restart' }),
    });
    runtimes.push(second);
    const seen: string[] = [];
    second.on('journal-replayed', ({ orders, repairedTornTail, path }) =>
      seen.push(
        `replayed ${orders.map((order) => `${order.request.clientOrderId}:${order.finalStatus?.status ?? 'working'}:${order.fills.length}`).join(',')} torn=${repairedTornTail} path=${path}`,
      ),
    );
    second.on('reconciliation-completed', ({ trigger }) => seen.push(`reconciled ${trigger}`));
    expect(second.restoredOrders()).toEqual([]);
    await second.start();
    await settle(second);
    expect(seen.slice(0, 2)).toEqual([
      `replayed ${ids[0]}:filled:1,${ids[1]}:working:0 torn=false path=undefined`,
      'reconciled start',
    ]);
    expect(
      second.restoredOrders().map((order) => [order.request.clientOrderId, order.orderId, order.origin]),
    ).toEqual([
      [ids[0], venue.orders.get(ids[0] as ClientOrderId)?.orderId, 'strategy'],
      [ids[1], venue.orders.get(ids[1] as ClientOrderId)?.orderId, 'strategy'],
    ]);
    expect(second.snapshot().orders.working).toBe(1);
  });

  it('a crash between "sent" and "answered" loses nothing: the restart looks the order up by client id', async () => {
    const venue = new ScriptedVenue();
    venue.holdPlacements = true;
    const journal = new MemoryJournal();
    const first = createRuntime({
      venue,
      journal,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      strategy: defineStrategy({
        name: 'crashing',
        onStart(ctx) {
          ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' }); // reaches the venue
          ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '80' }); // never does
        },
      }),
    });
    await first.start();
    await settle(first);
    // The process dies here: no answer ever reaches it, nothing is stopped cleanly.
    const lost = venue.held[1]?.request.clientOrderId as ClientOrderId;
    venue.orders.delete(lost);
    venue.held.splice(0);
    venue.holdPlacements = false;
    first.removeAllListeners();
    const clock = new ManualClock(0);
    const { runtime, record, summaries } = await startRuntime(venue, {
      journal,
      clock,
      clientOrderIds: () => 'ffffffff-0000-4000-8000-000000000000' as ClientOrderId,
    });
    await settle(runtime);
    expect(summaries[0]).toMatchObject({ trigger: 'start', missingOrders: 1 });
    // One "not found" is not proof: the order that never arrived is unknown (working) until
    // repeated lookups agree, then rejected; the other one is open.
    expect(runtime.snapshot().orders.working).toBe(2);
    for (const delay of [1000, 5000, 15000]) {
      clock.advanceBy(delay);
      await settle(runtime);
    }
    expect(runtime.snapshot().orders.working).toBe(1);
    expect(record.updates).toEqual(['01 submitted→open', '02 submitted→unknown', '02 unknown→rejected']);
    const orders = [...venue.orders.keys()];
    expect(orders).toHaveLength(1);
  });

  it('open orders this bot does not know are adopted, canceled or ignored by policy', async () => {
    for (const policy of ['adopt', 'cancel', 'ignore'] as const) {
      const venue = new ScriptedVenue();
      const other = createRuntime({
        venue,
        productIds: ['BTC-USD'],
        clientOrderIds: () => 'eeeeeeee-0000-4000-8000-000000000001' as ClientOrderId,
        strategy: defineStrategy({
          name: 'someone-else',
          onStart(ctx) {
            ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size: '0.1', price: '200' });
          },
        }),
      });
      await other.start();
      await settle(other);
      await other.stop();
      const { runtime, summaries } = await startRuntime(venue, { existingOrders: policy });
      await settle(runtime);
      const working = runtime.snapshot().orders.working;
      const venueStatus = [...venue.orders.values()][0]?.status;
      expect({ policy, summary: summaries[0], working, venueStatus }).toMatchObject({
        policy,
        summary: {
          adoptedOrders: policy === 'adopt' ? 1 : 0,
          canceledForeignOrders: policy === 'cancel' ? 1 : 0,
          ignoredForeignOrders: policy === 'ignore' ? 1 : 0,
        },
        working: policy === 'adopt' ? 1 : 0,
        venueStatus: policy === 'cancel' ? 'canceled' : 'open',
      });
      await runtime.stop();
    }
  });

  it('a placement that fails without an answer (timeout) is looked up on the clock and found', async () => {
    const venue = new ScriptedVenue();
    venue.holdPlacements = true;
    const clock = new ManualClock(0);
    const { strategy, record } = recordingStrategy();
    const runtime = createRuntime({
      venue,
      clock,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      lookupDelaysMs: [1000, 5000],
      strategy: defineStrategy({
        ...strategy,
        name: 'timeout',
        onStart(ctx) {
          ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
          ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '80' });
        },
      }),
    });
    runtimes.push(runtime);
    const errors: string[] = [];
    runtime.on('runtime-error', ({ context }) => errors.push(context));
    await runtime.start();
    await settle(runtime);
    venue.failPlacement(new Error('socket hang up'));
    venue.failPlacement(new Error('socket hang up'), true);
    await settle(runtime);
    clock.advanceBy(1000);
    await settle(runtime);
    clock.advanceBy(5000);
    await settle(runtime);
    expect(errors.filter((context) => context.includes('fate is unknown'))).toHaveLength(2);
    expect(record.updates).toEqual([
      '01 created→submitted',
      '02 created→submitted',
      '01 submitted→unknown',
      '02 submitted→unknown',
      '01 unknown→open',
      '02 unknown→rejected',
    ]);
    expect(runtime.snapshot().orders.working).toBe(1);
  });

  it('failed lookups are not "not found": the order stays unknown, counts against limits, and the kill switch cancels it by client id', async () => {
    const venue = new ScriptedVenue();
    venue.holdPlacements = true;
    // Every lookup fails like a 5xx or a timeout would (the venue does hold the order).
    let lookups = 0;
    venue.orderByClientId = async () => {
      lookups += 1;
      throw new Error('503 Service Unavailable');
    };
    const clock = new ManualClock(0);
    const { strategy, record } = recordingStrategy();
    const denials: string[] = [];
    let id: ClientOrderId | undefined;
    const runtime = createRuntime({
      venue,
      clock,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      risk: { maxOpenOrders: 1 },
      strategy: defineStrategy({
        ...strategy,
        name: 'lookups-fail',
        onTicker(_tick, ctx) {
          const placed = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
          id ??= placed;
        },
        onOrderUpdate(update, ctx) {
          strategy.onOrderUpdate?.(update, ctx);
          if (update.denial !== undefined) denials.push(update.denial.reason);
        },
      }),
    });
    runtimes.push(runtime);
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    venue.failPlacement(new Error('socket hang up'));
    await settle(runtime);
    for (const delay of [1000, 5000, 15000, 15000, 15000]) {
      clock.advanceBy(delay);
      await settle(runtime);
    }
    expect(lookups).toBeGreaterThanOrEqual(4);
    expect(runtime.snapshot().orders).toMatchObject({ working: 1, rejected: 0 });
    expect(record.updates).toEqual(['01 created→submitted', '01 submitted→unknown']);
    // Still working: a second order would break the open-order limit.
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(denials).toEqual(['max_open_orders']);
    // The kill switch reaches it, by client order id (its exchange id was never learned).
    runtime.killSwitch.engage('test halt');
    await settle(runtime);
    expect(venue.cancels).toEqual([{ clientOrderId: id, orderId: undefined, productId: 'BTC-USD' }]);
    expect(venue.orders.get(id as ClientOrderId)?.status).toBe('canceled');
    expect(runtime.snapshot().orders).toMatchObject({ working: 0, canceled: 1 });
  });

  for (const sighting of ['feed', 'rest'] as const)
    it(`an order given up as not_found that turns up later (${sighting}) is tracked again and canceled at shutdown`, async () => {
      const venue = new ScriptedVenue();
      venue.holdPlacements = true;
      const clock = new ManualClock(0);
      const { strategy, record } = recordingStrategy();
      const journal = new MemoryJournal();
      let id: ClientOrderId | undefined;
      const runtime = createRuntime({
        venue,
        clock,
        journal,
        productIds: ['BTC-USD'],
        clientOrderIds: sequentialIds(),
        lookupDelaysMs: [1000],
        strategy: defineStrategy({
          ...strategy,
          name: 'late-arrival',
          onStart(ctx) {
            id = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
          },
        }),
      });
      runtimes.push(runtime);
      await runtime.start();
      await settle(runtime);
      const held = venue.held[0];
      if (held === undefined || id === undefined) throw new Error('expected a held placement');
      // The request times out and repeated lookups find nothing: the order is given up.
      venue.failPlacement(new Error('socket hang up'), true);
      await settle(runtime);
      clock.advanceBy(1000);
      await settle(runtime);
      clock.advanceBy(1000);
      await settle(runtime);
      expect(runtime.snapshot().orders).toMatchObject({ working: 0, rejected: 1 });
      // Then the exchange shows it after all (a slow matching engine).
      venue.orders.set(id, {
        request: held.request,
        orderId: 'late-1' as never,
        status: 'open',
        filledSize: venue.fees.maker.times(0),
        time: 0,
      });
      // On the feed, a fill without a client id can come first: it waits for the order to turn up.
      if (sighting === 'feed') {
        venue.fill(id, '0.25', '90', true);
        await settle(runtime);
        venue.emit({ type: 'order-report', report: venue.report(id, 'feed') });
      } else await runtime.reconcile('manual');
      await settle(runtime);
      expect(runtime.snapshot().orders).toMatchObject({ working: 1, rejected: 0 });
      expect(journal.replay().orders.get(id)?.finalStatus?.status).toBe('submitted');
      expect(record.updates).toEqual([
        '01 created→submitted',
        '01 submitted→unknown',
        '01 unknown→rejected',
        '01 rejected→submitted',
        sighting === 'feed' ? '01 submitted→partially_filled' : '01 submitted→open',
      ]);
      expect(record.fills.map((fill) => fill.size.toFixed())).toEqual(sighting === 'feed' ? ['0.25'] : []);
      await runtime.stop({ cancelOpenOrders: true, timeoutMs: 1000 });
      expect(venue.cancels.map((reference) => reference.clientOrderId)).toEqual([id]);
      expect(venue.orders.get(id)?.status).toBe('canceled');
      expect(runtime.snapshot().orders).toMatchObject({ working: 0, canceled: 1, rejected: 0 });
    });

  it('a self-trade-prevention change shrinks the tracked order: the rest of its fills complete it', async () => {
    const venue = new ScriptedVenue();
    let id: ClientOrderId | undefined;
    const { strategy, record } = recordingStrategy();
    const runtime = createRuntime({
      venue,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      strategy: defineStrategy({
        ...strategy,
        name: 'stp',
        onStart(ctx) {
          id = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '2', price: '90' });
        },
      }),
    });
    runtimes.push(runtime);
    await runtime.start();
    await settle(runtime);
    const venueOrder = venue.orders.get(id as ClientOrderId);
    if (venueOrder === undefined) throw new Error('expected the order on the venue');
    venue.fill(id as ClientOrderId, '0.5', '90', true);
    await settle(runtime);
    // STP takes 1 off the remaining 1.5 (as Coinbase's `change`: remaining sizes, no client id).
    const resize = {
      orderId: venueOrder.orderId,
      productId: venueOrder.request.productId,
      oldSize: new ExactDecimal('1.5'),
      newSize: new ExactDecimal('0.5'),
      reason: 'STP',
      time: 0,
      source: 'feed' as const,
    };
    venue.emit({ type: 'order-resized', resize });
    venue.emit({ type: 'order-resized', resize: { ...resize, oldSize: resize.newSize } }); // no growth
    await settle(runtime);
    venue.fill(id as ClientOrderId, '0.5', '90', true);
    await settle(runtime);
    expect(record.updates).toEqual([
      '01 created→submitted',
      '01 submitted→open',
      '01 open→partially_filled',
      '01 partially_filled→filled',
    ]);
    expect(runtime.snapshot().orders).toMatchObject({ working: 0, filled: 1 });
  });

  it('a cancel that overtakes its order: re-sent once the order shows up', async () => {
    const venue = new ScriptedVenue();
    venue.holdPlacements = true;
    let id: ClientOrderId | undefined;
    const runtime = createRuntime({
      venue,
      productIds: ['BTC-USD'],
      clientOrderIds: sequentialIds(),
      strategy: defineStrategy({
        name: 'impatient',
        onStart(ctx) {
          id = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
          ctx.orders.cancel(id);
        },
      }),
    });
    runtimes.push(runtime);
    // The venue has not received the order when the cancel arrives.
    const placed = venue.placeOrder.bind(venue);
    venue.placeOrder = (request) => {
      const promise = placed(request);
      venue.orders.delete(request.clientOrderId);
      return promise;
    };
    await runtime.start();
    await settle(runtime);
    expect(venue.cancels).toHaveLength(1);
    // Now the order arrives at the venue, and its answer comes back.
    venue.placeOrder = placed;
    const held = venue.held[0];
    if (held === undefined) throw new Error('expected a held placement');
    venue.orders.set(held.request.clientOrderId, {
      request: held.request,
      orderId: 'late-1' as never,
      status: 'open',
      filledSize: venue.fees.maker.times(0),
      time: 0,
    });
    venue.answerPlacement();
    await settle(runtime);
    expect(venue.cancels).toHaveLength(2);
    expect(runtime.snapshot().orders).toMatchObject({ working: 0, canceled: 1 });
    expect(venue.orders.get(id as ClientOrderId)?.status).toBe('canceled');
  });
});

describe('reconciliation property', () => {
  it('whatever mix of feed, missed and replayed fills, reconnects and restarts, each fill is counted exactly once', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('fill' as const),
        order: fc.nat(2),
        units: fc.integer({ min: 1, max: 5 }),
        publish: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('replay' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('reconnect' as const) }),
      // The process goes away without a last look at the venue; a new one starts from the journal.
      fc.record({ kind: fc.constant('restart' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const venue = new ScriptedVenue();
        const journal = new MemoryJournal();
        const newIds = sequentialIds();
        const ids: ClientOrderId[] = [];
        const counted: string[] = [];
        const launch = async (first: boolean) => {
          const runtime = createRuntime({
            venue,
            journal,
            productIds: ['BTC-USD'],
            clientOrderIds: newIds,
            reconcileIntervalMs: 0,
            strategy: defineStrategy({
              name: 'property',
              onStart(ctx) {
                if (!first) return;
                for (let index = 0; index < 3; index += 1)
                  ids.push(
                    ctx.orders.limit({
                      productId: 'BTC-USD',
                      side: index === 1 ? 'sell' : 'buy',
                      size: '0.1',
                      price: '100',
                    }),
                  );
              },
            }),
          });
          runtime.on('order-filled', ({ fill }) => counted.push(fill.tradeId));
          await runtime.start();
          await settle(runtime);
          return runtime;
        };
        let runtime = await launch(true);
        const remaining = [10, 10, 10];
        for (const action of steps) {
          if (action.kind === 'fill') {
            const units = Math.min(action.units, remaining[action.order] as number);
            if (units === 0) continue;
            remaining[action.order] = (remaining[action.order] as number) - units;
            venue.fill(ids[action.order] as ClientOrderId, `0.0${units}`, '100', action.publish);
          } else if (action.kind === 'replay' && venue.fills.length > 0) {
            venue.emit({ type: 'fill', fill: venue.fills[action.index % venue.fills.length] as Fill });
          } else if (action.kind === 'reconnect') {
            venue.emit({ type: 'reconnected' });
          } else if (action.kind === 'restart') {
            await runtime.stop({ reconcile: false });
            runtime = await launch(false);
          }
          await settle(runtime);
        }
        await runtime.reconcile('reconnect');
        await settle(runtime);
        expect([...counted].sort()).toEqual(venue.fills.map((fill) => fill.tradeId).sort());
        const venueNet = venue.fills.reduce(
          (sum, fill) => (fill.side === 'buy' ? sum.plus(fill.size) : sum.minus(fill.size)),
          venue.fees.maker.times(0),
        );
        expect(runtime.snapshot().positions[0]?.size.toFixed() ?? '0').toBe(venueNet.toFixed());
        await runtime.stop();
      }),
      { numRuns: 40 },
    );
  });
});

describe('reconciliation triggers', () => {
  it('a burst of gaps reconciles at once, then at most once per second of the runtime clock', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(0);
    const { runtime, summaries } = await startRuntime(venue, { clock, reconcileIntervalMs: 0 });
    const gap = {
      type: 'gap-detected',
      productId: 'BTC-USD',
      channel: 'sequence',
      detail: 'expected 5, received 7',
    } as const;
    for (let index = 0; index < 20; index += 1) venue.emit(gap as never);
    await settle(runtime);
    expect(summaries.map((summary) => summary.trigger)).toEqual(['start', 'gap']);
    clock.advanceBy(999);
    await settle(runtime);
    expect(summaries).toHaveLength(2);
    clock.advanceBy(1);
    await settle(runtime);
    expect(summaries.map((summary) => summary.trigger)).toEqual(['start', 'gap', 'gap']);
    clock.advanceBy(5000);
    await settle(runtime);
    expect(summaries).toHaveLength(3);
  });
});
