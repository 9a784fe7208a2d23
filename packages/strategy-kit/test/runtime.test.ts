import { ManualClock } from '@tradeloop/clock';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidParamsError, JournalError, VenueRejectedError } from '../src/errors.js';
import { type JournalRecord, MemoryJournal } from '../src/execution/journal.js';
import { ExactDecimal } from '../src/model/decimal.js';
import type { ClientOrderId } from '../src/model/ids.js';
import type { Candle } from '../src/model/market-data.js';
import { defineStrategy } from '../src/runtime/define-strategy.js';
import type { OrderUpdate } from '../src/runtime/order-update.js';
import { createRuntime, type Runtime } from '../src/runtime/runtime.js';
import { btcUsd, sequentialIds, settle, ticker, trade } from './helpers.js';
import { ScriptedVenue } from './scripted-venue.js';

const start = Date.UTC(2026, 0, 5, 12, 0, 0);
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

describe('runtime: market data it streams', () => {
  it('asks the venue only for the channels the strategy needs; the ticker when it is the only price or asked for', async () => {
    const cases = [
      {
        strategy: defineStrategy({ name: 'trades', onTrade() {} }),
        ticker: false,
        trades: true,
        book: false,
      },
      { strategy: defineStrategy({ name: 'book', onBook() {} }), ticker: false, trades: false, book: true },
      {
        strategy: defineStrategy({ name: 'candles', onCandle() {} }),
        ticker: false,
        trades: true,
        book: false,
      },
      {
        strategy: defineStrategy({ name: 'ticker', onTicker() {} }),
        ticker: true,
        trades: false,
        book: false,
      },
      {
        strategy: defineStrategy({ name: 'timer-only', onTimer() {} }),
        ticker: true,
        trades: false,
        book: false,
      },
      {
        strategy: defineStrategy({ name: 'declared', marketData: { ticker: true }, onBook() {} }),
        ticker: true,
        trades: false,
        book: true,
      },
    ];
    for (const { strategy, ...expected } of cases) {
      const venue = new ScriptedVenue();
      runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clock: new ManualClock(start) });
      await runtime.start();
      expect({ name: strategy.name, ...venue.subscription }).toMatchObject({
        name: strategy.name,
        ...expected,
      });
      await runtime.stop();
      runtime = undefined;
    }
  });

  it('says once how to get the ticker when a strategy reads it without streaming it', async () => {
    const venue = new ScriptedVenue();
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message), error() {} };
    const strategy = defineStrategy({
      name: 'reads-ticker',
      onTrade(_trade, ctx) {
        ctx.ticker('BTC-USD');
        ctx.ticker('BTC-USD');
      },
    });
    runtime = createRuntime({
      venue,
      strategy,
      productIds: ['BTC-USD'],
      clock: new ManualClock(start),
      logger,
    });
    await runtime.start();
    venue.emit({ type: 'trade', trade: trade(1, '100', '1', start) });
    venue.emit({ type: 'trade', trade: trade(2, '101', '1', start) });
    await settle(runtime);
    expect(warnings.filter((message) => message.includes('marketData: { ticker: true }'))).toHaveLength(1);
  });
});

describe('runtime: events, order, clock', () => {
  it('delivers events one at a time in arrival order, async handlers included, with the injected clock', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(start);
    const seen: string[] = [];
    const strategy = defineStrategy({
      name: 'recorder',
      onStart(ctx) {
        seen.push(`start@${ctx.now()}`);
      },
      async onTicker(tick, ctx) {
        seen.push(`ticker ${tick.price.toFixed()} begin`);
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(`ticker ${tick.price.toFixed()} end@${ctx.now()}`);
      },
      onTimer(timer) {
        seen.push(`timer ${timer.name} due ${timer.scheduledAt - start} fired ${timer.firedAt - start}`);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clock });
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    venue.emit({ type: 'ticker', ticker: ticker('101') });
    await settle(runtime);
    expect(seen).toEqual([
      `start@${start}`,
      'ticker 100 begin',
      `ticker 100 end@${start}`,
      'ticker 101 begin',
      `ticker 101 end@${start}`,
    ]);
  });

  it('tags every log line with its source: the runtime, or the strategy through ctx.log', async () => {
    const venue = new ScriptedVenue();
    const lines: string[] = [];
    const record = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) =>
      lines.push(`${String(fields?.logSource)} ${level} ${message}`);
    runtime = createRuntime({
      venue,
      clock: new ManualClock(start),
      productIds: ['BTC-USD'],
      logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
      strategy: defineStrategy({
        name: 'chatty',
        onStart(ctx) {
          ctx.log.info('hello');
          // A strategy cannot pass its lines off as the runtime's.
          ctx.log.warn('runtime started', { logSource: 'runtime' });
        },
      }),
    });
    await runtime.start();
    await settle(runtime);
    await runtime.stop();
    runtime = undefined;
    expect(lines.filter((line) => !line.includes(' reconciled'))).toEqual([
      'strategy info hello',
      'strategy warn runtime started',
      'runtime info runtime started',
      'runtime info runtime stopped',
    ]);
  });

  it('fires timers from the clock: every on its grid, after once', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(start);
    const fired: string[] = [];
    const strategy = defineStrategy({
      name: 'timers',
      onStart(ctx) {
        ctx.timers.every(1000, 'tick');
        ctx.timers.after(2500, 'once');
      },
      onTimer(timer) {
        fired.push(`${timer.name}:${timer.scheduledAt - start}`);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clock });
    await runtime.start();
    clock.advanceBy(3000);
    await settle(runtime);
    expect(fired).toEqual(['tick:1000', 'tick:2000', 'once:2500', 'tick:3000']);
    clock.advanceBy(2000);
    await settle(runtime);
    expect(fired.slice(4)).toEqual(['tick:4000', 'tick:5000']);
  });

  it('builds candles from trades at the chosen granularity and closes them on the clock', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(start);
    const candles: Candle[] = [];
    const strategy = defineStrategy({
      name: 'candles',
      candleGranularityMs: 60_000,
      onCandle(candle) {
        candles.push(candle);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clock });
    await runtime.start();
    venue.emit({ type: 'trade', trade: trade(1, '100', '1', start + 1000) });
    venue.emit({ type: 'trade', trade: trade(2, '105', '0.5', start + 2000) });
    venue.emit({ type: 'trade', trade: trade(3, '99', '0.25', start + 3000) });
    venue.emit({ type: 'trade', trade: trade(4, '101', '2', start + 61_000) });
    await settle(runtime);
    expect(candles).toHaveLength(1);
    const [first] = candles;
    expect(
      [first?.open, first?.high, first?.low, first?.close, first?.volume].map((value) => value?.toFixed()),
    ).toEqual(['100', '105', '99', '99', '1.75']);
    expect(first?.start).toBe(start);
    clock.advanceBy(120_000); // quiet market: the clock closes the second candle
    await settle(runtime);
    expect(
      candles.map((candle) => [candle.start - start, candle.close.toFixed(), candle.tradeCount]),
    ).toEqual([
      [0, '99', 3],
      [60_000, '101', 1],
    ]);
  });

  it('hands a venue candle to onCandle at once, and folds finer candles into a coarser one', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(start);
    const seen: Array<[number, number, string, string, string, string]> = [];
    const strategy = defineStrategy({
      name: 'coarse',
      candleGranularityMs: 180_000,
      onCandle(candle, ctx) {
        seen.push([
          ctx.now() - start,
          candle.start - start,
          candle.open.toFixed(),
          candle.high.toFixed(),
          candle.low.toFixed(),
          candle.close.toFixed(),
        ]);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clock });
    await runtime.start();
    const minute = (index: number, open: string, high: string, low: string, close: string): Candle => ({
      productId: btcUsd,
      start: start + index * 60_000,
      granularityMs: 60_000,
      open: new ExactDecimal(open),
      high: new ExactDecimal(high),
      low: new ExactDecimal(low),
      close: new ExactDecimal(close),
      volume: new ExactDecimal('1'),
      tradeCount: 1,
    });
    // Each minute candle arrives at its close; the third one ends the three-minute bucket.
    const deliver = (candle: Candle) => {
      clock.advanceTo(candle.start + candle.granularityMs);
      venue.emit({ type: 'candle', candle });
    };
    deliver(minute(0, '100', '101', '99', '100.5'));
    deliver(minute(1, '100.5', '107', '100', '106'));
    expect(seen).toEqual([]);
    deliver(minute(2, '106', '106', '95', '96'));
    expect(seen).toEqual([[180_000, 0, '100', '107', '95', '96']]);
    // The bucket's last minute is missing: it closes just after its end (it could still come at it).
    deliver(minute(3, '96', '97', '96', '97'));
    deliver(minute(4, '97', '98', '97', '98'));
    clock.advanceTo(start + 360_000);
    expect(seen).toHaveLength(1);
    clock.advanceTo(start + 360_001);
    await settle(runtime);
    expect(seen[1]).toEqual([360_001, 180_000, '96', '98', '96', '98']);
  });

  it('hands a candle of exactly its granularity on as it is, the same object', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(start);
    const seen: Candle[] = [];
    const strategy = defineStrategy({
      name: 'minute',
      onCandle(candle) {
        seen.push(candle);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clock });
    await runtime.start();
    const candle: Candle = {
      productId: btcUsd,
      start,
      granularityMs: 60_000,
      open: new ExactDecimal('1'),
      high: new ExactDecimal('2'),
      low: new ExactDecimal('1'),
      close: new ExactDecimal('2'),
      volume: new ExactDecimal('3'),
      tradeCount: 2,
    };
    clock.advanceTo(start + 60_000);
    venue.emit({ type: 'candle', candle });
    expect(seen).toEqual([candle]);
    expect(seen[0]).toBe(candle);
  });

  it('validates parameters: defaults, overrides, unknown keys, the strategy own checks', () => {
    const strategy = defineStrategy({
      name: 'params',
      params: {
        defaults: { spread: '0.01', levels: 2 },
        validate: (params) => (params.levels < 1 ? ['levels: expected at least 1'] : []),
      },
    });
    const venue = new ScriptedVenue();
    expect(createRuntime({ venue, strategy, productIds: ['BTC-USD'], params: { levels: 3 } }).params).toEqual(
      {
        spread: '0.01',
        levels: 3,
      },
    );
    expect(() => createRuntime({ venue, strategy, productIds: ['BTC-USD'], params: { level: 3 } })).toThrow(
      /unknown parameter level; expected one of spread, levels/,
    );
    expect(() => createRuntime({ venue, strategy, productIds: ['BTC-USD'], params: { levels: 0 } })).toThrow(
      InvalidParamsError,
    );
  });

  it('refuses to start twice; stop is idempotent', async () => {
    const venue = new ScriptedVenue();
    runtime = createRuntime({ venue, strategy: defineStrategy({ name: 'x' }), productIds: ['BTC-USD'] });
    await runtime.start();
    await expect(runtime.start()).rejects.toThrow(/expected an idle runtime to start, it is running/);
    await runtime.stop();
    await runtime.stop();
    expect(runtime.status).toBe('stopped');
  });

  it('refuses a product the venue does not list, and stops cleanly', async () => {
    const venue = new ScriptedVenue();
    runtime = createRuntime({ venue, strategy: defineStrategy({ name: 'x' }), productIds: ['ETH-USD'] });
    await expect(runtime.start()).rejects.toThrow(InvalidArgumentError);
    expect(runtime.status).toBe('stopped');
    expect(venue.subscribed).toBe(false);
  });
});

describe('runtime: orders', () => {
  it('returns the client id at once, journals before sending, and reports the fate as events', async () => {
    const venue = new ScriptedVenue();
    const journal = new MemoryJournal();
    const journaledBeforeSend: number[] = [];
    const place = venue.placeOrder.bind(venue);
    venue.placeOrder = (request) => {
      journaledBeforeSend.push(journal.records.filter((record) => record.kind === 'order').length);
      return place(request);
    };
    const updates: string[] = [];
    let returnedId: string | undefined;
    const strategy = defineStrategy({
      name: 'placer',
      onTicker(_tick, ctx) {
        returnedId = ctx.orders.limit({
          productId: 'BTC-USD',
          side: 'buy',
          size: '0.123456789',
          price: '100.019',
        });
        updates.push(`returned ${ctx.order(returnedId as never)?.status}`);
      },
      onOrderUpdate(update: OrderUpdate) {
        updates.push(`${update.previousStatus}→${update.status}`);
      },
    });
    runtime = createRuntime({
      venue,
      strategy,
      productIds: ['BTC-USD'],
      journal,
      clientOrderIds: sequentialIds(),
    });
    const events: string[] = [];
    runtime.on('order-submitted', (order) => events.push(`submitted ${order.clientOrderId}`));
    runtime.on('order-accepted', (order) => events.push(`accepted ${order.orderId}`));
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(returnedId).toBe('00000000-0000-4000-8000-000000000001');
    expect(venue.placed[0]?.size?.toFixed()).toBe('0.12345678');
    expect(venue.placed[0]?.price?.toFixed()).toBe('100.01');
    expect(journaledBeforeSend).toEqual([1]);
    expect(updates).toEqual(['returned submitted', 'created→submitted', 'submitted→open']);
    expect(events).toEqual(['submitted 00000000-0000-4000-8000-000000000001', 'accepted venue-1']);
  });

  it('hands the order to the venue before the submitted move and its listeners run; a venue throwing at once rejects it', async () => {
    const venue = new ScriptedVenue();
    const sequence: string[] = [];
    const place = venue.placeOrder.bind(venue);
    let throwAtOnce = false;
    venue.placeOrder = (request) => {
      sequence.push(`venue.placeOrder ${request.clientOrderId}`);
      if (throwAtOnce) throw new VenueRejectedError('the venue refused before any I/O');
      return place(request);
    };
    const strategy = defineStrategy({
      name: 'placer',
      onTicker(_tick, ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.1', price: '100' });
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], clientOrderIds: sequentialIds() });
    runtime.on('order-submitted', (order) => sequence.push(`order-submitted ${order.clientOrderId}`));
    runtime.on('order-rejected', (order) => sequence.push(`order-rejected ${order.clientOrderId}`));
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    throwAtOnce = true;
    venue.emit({ type: 'ticker', ticker: ticker('101') });
    await settle(runtime);
    expect(sequence).toEqual([
      'venue.placeOrder 00000000-0000-4000-8000-000000000001',
      'order-submitted 00000000-0000-4000-8000-000000000001',
      'venue.placeOrder 00000000-0000-4000-8000-000000000002',
      'order-submitted 00000000-0000-4000-8000-000000000002',
      'order-rejected 00000000-0000-4000-8000-000000000002',
    ]);
  });

  it('denies orders that round to nothing, fall under the minimum, or break a risk limit, as events with reasons', async () => {
    const venue = new ScriptedVenue();
    const denials: string[] = [];
    const strategy = defineStrategy({
      name: 'denied',
      onTicker(_tick, ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.000000001', price: '100' });
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.001', price: '100' });
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '6', price: '100' });
        ctx.orders.market({ productId: 'BTC-USD', side: 'buy', funds: '50' });
      },
      onOrderUpdate(update) {
        if (update.denial !== undefined) denials.push(`${update.denial.reason}`);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], risk: { maxOrderNotional: '500' } });
    const denied: string[] = [];
    runtime.on('order-denied', ({ reason, message }) => denied.push(`${reason}: ${message}`));
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(denials).toEqual(['rounds_to_zero', 'below_minimum', 'max_order_notional']);
    expect(denied[2]).toBe('max_order_notional: order notional 600 USD is above the limit 500');
    expect(venue.placed.map((request) => request.type)).toEqual(['market']);
    expect(runtime.snapshot().orders.denied).toBe(3);
  });

  it('denies an order the journal cannot take (journal_failed) and sends nothing', async () => {
    // Fault injected: a journal that refuses order records the way FileJournal does on a full
    // disk (journal.test.ts reproduces the full disk itself with `ulimit -f`).
    class FullJournal extends MemoryJournal {
      override append(record: JournalRecord): void {
        if (record.kind === 'order')
          throw new JournalError(
            '/full/disk.jsonl',
            'could not append a record (17 of 230 bytes written, then taken back)',
          );
        super.append(record);
      }
    }
    const venue = new ScriptedVenue();
    const denials: string[] = [];
    const strategy = defineStrategy({
      name: 'full-disk',
      onTicker(_tick, ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.01', price: '100' });
      },
      onOrderUpdate(update) {
        if (update.denial !== undefined) denials.push(update.denial.reason);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'], journal: new FullJournal() });
    const denied: string[] = [];
    runtime.on('order-denied', ({ reason, message }) => denied.push(`${reason}: ${message}`));
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(venue.placed).toEqual([]);
    expect(denials).toEqual(['journal_failed']);
    expect(denied[0]).toMatch(/^journal_failed: journal \/full\/disk\.jsonl: could not append a record/);
    expect(runtime.snapshot().orders.denied).toBe(1);
    expect(runtime.snapshot().orders.rejected).toBe(0);
  });

  it('throws at once on malformed commands (a bug in the strategy), counted as a handler error', async () => {
    const venue = new ScriptedVenue();
    const strategy = defineStrategy({
      name: 'buggy',
      onTicker(_tick, ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: 0.1 as never, price: '100' });
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'] });
    const failures: unknown[] = [];
    runtime.on('handler-failed', ({ error }) => failures.push(error));
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(
      /size: expected a decimal string or Decimal \(never a JS number\), received a number/,
    );
    expect(venue.placed).toHaveLength(0);
  });

  it('an order for a product the bot does not trade is a bug in the strategy: it throws in the handler', async () => {
    const venue = new ScriptedVenue();
    const strategy = defineStrategy({
      name: 'wrong-product',
      onTicker(_tick, ctx) {
        ctx.orders.limit({ productId: 'ETH-USD', side: 'buy', size: '1', price: '100' });
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'] });
    const failures: string[] = [];
    runtime.on('handler-failed', ({ error }) => failures.push(String(error)));
    await runtime.start();
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(failures).toEqual([
      'InvalidArgumentError: productId: expected one of BTC-USD, received "ETH-USD"',
    ]);
  });

  it('keeps running after handler errors; the policy halts the strategy after N and cancels its orders', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(start);
    let calls = 0;
    const strategy = defineStrategy({
      name: 'flaky',
      onStart(ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
      },
      onTicker() {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
    });
    runtime = createRuntime({
      venue,
      strategy,
      productIds: ['BTC-USD'],
      clock,
      errorPolicy: { maxErrors: 3, windowMs: 10_000 },
    });
    const halted: string[] = [];
    runtime.on('strategy-halted', ({ reason }) => halted.push(reason));
    await runtime.start();
    await settle(runtime);
    for (let index = 0; index < 5; index += 1) venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(calls).toBe(3);
    expect(halted).toEqual(['3 handler errors within 10000 ms']);
    const snapshot = runtime.snapshot();
    expect(snapshot.handlerErrors).toBe(3);
    expect(snapshot.killSwitch?.source).toBe('runtime');
    expect(snapshot.orders.canceled).toBe(1);
    expect(venue.cancels).toHaveLength(1);
  });

  it('the kill switch from the strategy cancels working orders and denies new ones', async () => {
    const venue = new ScriptedVenue();
    const reasons: string[] = [];
    const strategy = defineStrategy({
      name: 'panic',
      onStart(ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
        ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size: '0.5', price: '110' });
      },
      onTicker(_tick, ctx) {
        ctx.halt('price feed looks wrong');
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
      },
      onOrderUpdate(update) {
        if (update.denial) reasons.push(update.denial.message);
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'] });
    await runtime.start();
    await settle(runtime);
    venue.emit({ type: 'ticker', ticker: ticker('100') });
    await settle(runtime);
    expect(reasons).toEqual(['kill switch engaged: price feed looks wrong']);
    expect(runtime.snapshot().orders).toMatchObject({ working: 0, canceled: 2, denied: 1 });
  });

  it('the daily loss limit counts from the start of the UTC day: after midnight the bot may add again', async () => {
    const venue = new ScriptedVenue();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 23, 59, 0));
    const outcomes: string[] = [];
    let firstBuy: ClientOrderId | undefined;
    const strategy = defineStrategy({
      name: 'loser',
      onStart(ctx) {
        ctx.timers.after(1_000, 'buy');
        ctx.timers.after(3_000, 'add');
        ctx.timers.after(4_000, 'reduce');
        ctx.timers.after(120_000, 'add-tomorrow');
      },
      onTimer(timer, ctx) {
        if (timer.name === 'buy')
          firstBuy = ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '100' });
        else
          ctx.orders.limit({
            productId: 'BTC-USD',
            side: timer.name === 'reduce' ? 'sell' : 'buy',
            size: '0.5',
            price: '50',
          });
      },
      onOrderUpdate(update) {
        if (update.previousStatus === 'created')
          outcomes.push(
            `${update.order.side} ${update.denial === undefined ? 'sent' : update.denial.reason}`,
          );
      },
    });
    runtime = createRuntime({
      venue,
      strategy,
      clock,
      productIds: ['BTC-USD'],
      risk: { dailyLossLimit: '40' },
      reconcileIntervalMs: 0,
    });
    await runtime.start();
    clock.advanceBy(1_000);
    await settle(runtime);
    venue.fill(firstBuy as ClientOrderId, '1', '100', true); // fee 0.4
    venue.emit({ type: 'ticker', ticker: ticker('50') }); // marked at 50: today −50.4
    await settle(runtime);
    clock.advanceBy(3_000);
    await settle(runtime);
    expect(outcomes).toEqual(['buy sent', 'buy daily_loss_limit', 'sell sent']);
    clock.advanceBy(116_000); // 00:01 the next day
    await settle(runtime);
    expect(outcomes.at(-1)).toBe('buy sent');
  });

  it('stop({ cancelOpenOrders }) cancels working orders and waits for the venue', async () => {
    const venue = new ScriptedVenue();
    const strategy = defineStrategy({
      name: 'maker',
      onStart(ctx) {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '90' });
      },
    });
    runtime = createRuntime({ venue, strategy, productIds: ['BTC-USD'] });
    await runtime.start();
    await settle(runtime);
    expect(runtime.snapshot().orders.working).toBe(1);
    await runtime.stop({ cancelOpenOrders: true });
    expect(runtime.snapshot().orders.working).toBe(0);
    expect([...venue.orders.values()].map((order) => order.status)).toEqual(['canceled']);
    expect(runtime.status).toBe('stopped');
  });
});

export { btcUsd };
