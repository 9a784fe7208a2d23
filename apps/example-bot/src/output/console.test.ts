import { describe, expect, it } from 'vitest';
import type { BotEvent, BotEventType } from '../bot-events.js';
import { ConsoleOutput, REDACTED } from './console.js';

const fixedTime = Date.parse('2026-03-01T12:34:56.789Z');

function capture(format: 'pretty' | 'json', secrets: string[] = []) {
  const lines: string[] = [];
  const output = new ConsoleOutput({
    format,
    write: (line) => lines.push(line),
    now: () => fixedTime,
    secrets,
  });
  return { output, lines };
}

/** One example of every event kind, so a new kind without a test fails to compile here. */
const examples: { [Type in BotEventType]: Extract<BotEvent, { type: Type }> } = {
  'bot-started': {
    type: 'bot-started',
    venue: 'embedded simulator at http://127.0.0.1:4100',
    strategy: 'market-maker',
    products: ['BTC-USD', 'ETH-USD'],
    journal: '/tmp/journal.jsonl',
  },
  'feed-connected': { type: 'feed-connected', url: 'ws://127.0.0.1:4100' },
  'feed-subscribed': { type: 'feed-subscribed', channels: ['level2', 'user'], products: ['BTC-USD'] },
  'feed-disconnected': { type: 'feed-disconnected', reason: 'socket closed (1006)' },
  'feed-reconnecting': { type: 'feed-reconnecting', attempt: 2, delayMs: 400 },
  'feed-reconnected': { type: 'feed-reconnected' },
  'gap-detected': {
    type: 'gap-detected',
    productId: 'BTC-USD',
    channel: 'level2',
    expected: '101',
    received: '104',
  },
  'book-resynced': { type: 'book-resynced', productId: 'BTC-USD', reason: 'sequence gap' },
  'orders-reconciled': { type: 'orders-reconciled', adopted: 2, missedFills: 1, detail: 'after reconnect' },
  'journal-replayed': {
    type: 'journal-replayed',
    path: '/var/lib/bot/journal.jsonl',
    orders: 12,
    working: 2,
    fills: 7,
    repairedTornTail: true,
  },
  'strategy-logged': { type: 'strategy-logged', level: 'warn', message: 'book is thin; widening' },
  'signal-raised': {
    type: 'signal-raised',
    productId: 'BTC-USD',
    message: 'fast average crossed above slow',
  },
  'signals-listening': { type: 'signals-listening', url: 'http://127.0.0.1:8787/signals' },
  'signal-updated': {
    type: 'signal-updated',
    signal: {
      id: 'tv-42',
      status: 'denied',
      productId: 'BTC-USD',
      action: 'buy',
      receivedAt: '2026-03-01T12:34:56.000Z',
      orders: [
        { clientOrderId: 'c0ffee00-0000-4000-8000-000000000004', status: 'rejected', filledSize: '0' },
      ],
      reason: 'max_order_notional',
      message: 'order notional 1500 USD is above the limit 1000',
    },
  },
  'signal-refused': { type: 'signal-refused', status: 400, error: 'invalid_signal', field: 'size' },
  'order-placed': {
    type: 'order-placed',
    order: {
      clientOrderId: 'c0ffee00-0000-4000-8000-000000000001',
      productId: 'BTC-USD',
      side: 'buy',
      orderType: 'limit',
      price: '30000.01',
      size: '0.0015',
    },
  },
  'order-accepted': {
    type: 'order-accepted',
    clientOrderId: 'c0ffee00-0000-4000-8000-000000000001',
    orderId: 'a1b2c3d4-0000-4000-8000-00000000000f',
    productId: 'BTC-USD',
  },
  'order-filled': {
    type: 'order-filled',
    fill: {
      tradeId: '7781',
      orderId: 'a1b2c3d4-0000-4000-8000-00000000000f',
      clientOrderId: 'c0ffee00-0000-4000-8000-000000000001',
      productId: 'BTC-USD',
      side: 'buy',
      price: '30000.01',
      size: '0.0005',
      fee: '0.0600002',
      liquidity: 'maker',
    },
  },
  'order-completed': {
    type: 'order-completed',
    clientOrderId: 'c0ffee00-0000-4000-8000-000000000001',
    orderId: 'a1b2c3d4-0000-4000-8000-00000000000f',
    productId: 'BTC-USD',
  },
  'order-canceled': {
    type: 'order-canceled',
    clientOrderId: 'c0ffee00-0000-4000-8000-000000000002',
    orderId: undefined,
    productId: 'ETH-USD',
  },
  'order-rejected': {
    type: 'order-rejected',
    clientOrderId: 'c0ffee00-0000-4000-8000-000000000003',
    productId: 'ETH-USD',
    reason: 'Post only mode',
  },
  'risk-denied': {
    type: 'risk-denied',
    productId: 'BTC-USD',
    rule: 'max-order-notional',
    reason: 'order notional 1500.00 is above the limit 1000',
  },
  'kill-switch-tripped': { type: 'kill-switch-tripped', reason: 'daily loss 251.20 reached the limit 250' },
  'status-reported': {
    type: 'status-reported',
    products: [
      {
        productId: 'BTC-USD',
        price: '30001.5',
        position: '-0.002',
        baseCurrency: 'BTC',
        quoteCurrency: 'USD',
        realizedPnl: '1.25',
        unrealizedPnl: '-0.40',
        fees: '0.12',
      },
    ],
    openOrders: 3,
  },
  'error-reported': { type: 'error-reported', source: 'strategy', code: 'handler_failed', message: 'boom' },
  'shutdown-started': { type: 'shutdown-started', reason: 'SIGINT' },
  'open-orders-canceled': { type: 'open-orders-canceled', count: 3, confirmed: 3 },
  'bot-stopped': { type: 'bot-stopped', reason: 'duration reached', summaryPath: '/tmp/summary.json' },
};

describe('ConsoleOutput, pretty', () => {
  it('prints one line per event with the time of day and what matters', () => {
    const { output, lines } = capture('pretty');
    for (const event of Object.values(examples)) output.record(event);
    expect(lines).toHaveLength(Object.keys(examples).length);
    for (const line of lines) {
      expect(line).toMatch(/^12:34:56\.789 [A-Z]+ +\S/);
      expect(line).not.toContain('\n');
      expect(line).not.toContain('undefined');
    }
    const byType = Object.fromEntries(Object.keys(examples).map((type, index) => [type, lines[index]]));
    expect(byType['order-placed']).toContain(
      'BTC-USD buy limit 0.0015 @ 30000.01 (c0ffee00-0000-4000-8000-000000000001)',
    );
    expect(byType['order-filled']).toContain('BTC-USD buy 0.0005 @ 30000.01 fee 0.0600002 maker (trade 7781');
    expect(byType['gap-detected']).toContain('expected sequence 101, received 104');
    expect(byType['risk-denied']).toContain(
      'max-order-notional: order notional 1500.00 is above the limit 1000',
    );
    expect(byType['status-reported']).toBe(
      '12:34:56.789 STATUS    BTC-USD 30001.5, position -0.002 BTC, pnl realized +1.25 unrealized -0.40 fees 0.12 USD | open orders 3',
    );
    expect(byType['feed-reconnecting']).toContain('attempt 2');
    expect(byType['signals-listening']).toBe(
      '12:34:56.789 SIGNALS listening on http://127.0.0.1:8787/signals',
    );
    expect(byType['signal-updated']).toBe(
      '12:34:56.789 SIGNAL    tv-42 BTC-USD buy denied (c0ffee00-0000-4000-8000-000000000004): max_order_notional — order notional 1500 USD is above the limit 1000',
    );
    expect(byType['signal-refused']).toBe(
      '12:34:56.789 SIGNAL    request refused: 400 invalid_signal (size)',
    );
    expect(byType['strategy-logged']).toBe('12:34:56.789 WARN      book is thin; widening');
    expect(byType['journal-replayed']).toContain(
      '12 order(s) (2 still working), 7 fill(s) restored; a torn last line',
    );
  });

  it('says when there was nothing to cancel', () => {
    const { output, lines } = capture('pretty');
    output.record({ type: 'open-orders-canceled', count: 0, confirmed: 0 });
    expect(lines[0]).toBe('12:34:56.789 STOP      no open orders to cancel');
  });

  it('says so when there is no price yet', () => {
    const { output, lines } = capture('pretty');
    const status = examples['status-reported'];
    output.record({ ...status, products: [{ ...status.products[0]!, price: undefined }] });
    expect(lines[0]).toContain('BTC-USD no price yet, position');
  });
});

describe('ConsoleOutput, JSON lines', () => {
  it('prints one parseable object per event with its name, the ISO time and every field', () => {
    const { output, lines } = capture('json');
    for (const event of Object.values(examples)) output.record(event);
    for (const [index, event] of Object.values(examples).entries()) {
      const parsed = JSON.parse(lines[index]!);
      const { type, ...fields } = event;
      expect(parsed).toEqual({
        time: '2026-03-01T12:34:56.789Z',
        event: type,
        ...JSON.parse(JSON.stringify(fields)),
      });
    }
  });

  it('prints notes as objects too', () => {
    const { output, lines } = capture('json');
    output.note('hello');
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '2026-03-01T12:34:56.789Z',
      event: 'note',
      message: 'hello',
    });
  });
});

describe('ConsoleOutput, deferred', () => {
  it('writes nothing during the task that recorded the events, then all of them in order with their own times', async () => {
    const lines: string[] = [];
    let clock = Date.parse('2026-01-02T03:04:05.000Z');
    const output = new ConsoleOutput({
      format: 'json',
      write: (line) => lines.push(line),
      now: () => clock,
      secrets: [],
      defer: setImmediate,
    });
    output.record(examples['feed-reconnected']);
    clock += 7;
    output.record(examples['kill-switch-tripped']);
    expect(lines).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => JSON.parse(line) as { event: string; time: string })).toMatchObject([
      { event: 'feed-reconnected', time: '2026-01-02T03:04:05.000Z' },
      { event: 'kill-switch-tripped', time: '2026-01-02T03:04:05.007Z' },
    ]);
    // A note writes what waits first, so the order of lines is kept.
    output.record(examples['feed-reconnected']);
    output.note('after');
    expect(lines.slice(2).map((line) => (JSON.parse(line) as { event: string }).event)).toEqual([
      'feed-reconnected',
      'note',
    ]);
  });
});

describe('ConsoleOutput, the closing summary', () => {
  it('prints the lines for people, or one run-summarized object for machines, scrubbed', () => {
    const pretty = capture('pretty', ['s3cret']);
    pretty.output.summary(['── run summary', 'report      /tmp/s3cret.html'], { fills: 2 });
    expect(pretty.lines).toEqual(['── run summary', `report      /tmp/${REDACTED}.html`]);
    const json = capture('json', ['s3cret']);
    json.output.summary(['ignored'], { fills: 2, reportPath: '/tmp/s3cret.html' });
    expect(json.lines.map((line) => JSON.parse(line))).toEqual([
      {
        time: '2026-03-01T12:34:56.789Z',
        event: 'run-summarized',
        fills: 2,
        reportPath: `/tmp/${REDACTED}.html`,
      },
    ]);
  });
});

describe('secrets never appear', () => {
  const secret = 'c2VjcmV0IHdpdGggYSAiIHF1b3RlIGFuZCBhIC8gc2xhc2g+/+/==';
  const passphrase = 'pass "phrase" \\ with escapes';

  it.each(['pretty', 'json'] as const)('scrubs raw and JSON-escaped secret values in %s output', (format) => {
    const { output, lines } = capture(format, [secret, passphrase]);
    output.record({
      type: 'error-reported',
      source: 'rest',
      code: undefined,
      message: `signed with ${secret}`,
    });
    output.record({ type: 'feed-disconnected', reason: `passphrase ${passphrase} refused` });
    output.note(`${secret}${passphrase}`);
    const late = 'bGF0ZS1zZWNyZXQtZnJvbS10aGUtc2ltdWxhdG9y';
    output.addSecrets([late]);
    output.note(`late ${late}`);
    expect(lines.at(-1)).not.toContain(late);
    const text = lines.join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(passphrase);
    expect(text).not.toContain(JSON.stringify(passphrase).slice(1, -1));
    expect(text.split(REDACTED).length - 1).toBeGreaterThanOrEqual(4);
  });
});

describe('ConsoleOutput, a paper run', () => {
  it('marks every line — events, notes, the summary — as paper, in both formats, and still scrubs', () => {
    for (const format of ['pretty', 'json'] as const) {
      const lines: string[] = [];
      const output = new ConsoleOutput({
        format,
        write: (line) => lines.push(line),
        now: () => fixedTime,
        secrets: ['hunter2-secret'],
        mode: 'paper',
      });
      for (const event of Object.values(examples)) output.record(event);
      output.note('paper account: 1000 USD; key hunter2-secret unused');
      output.summary(['── PAPER run summary', 'orders 1 placed'], { stopReason: 'duration reached' });
      expect(lines.length).toBe(Object.keys(examples).length + (format === 'json' ? 2 : 3));
      for (const line of lines) {
        if (format === 'pretty') expect(line.startsWith('PAPER ')).toBe(true);
        else expect(JSON.parse(line)).toMatchObject({ mode: 'paper' });
        expect(line).not.toContain('hunter2-secret');
      }
    }
  });
});
