import { describe, expect, it } from 'vitest';
import { authRequiredReason, parseClientMessage, SubscriptionSet, timestampTexts } from './subscriptions.js';

const known = (productId: string) => ['BTC-USD', 'ETH-USD', 'ETH-BTC', 'ETH-EUR'].includes(productId);

function parse(message: unknown) {
  return parseClientMessage(typeof message === 'string' ? message : JSON.stringify(message), known);
}

describe('parseClientMessage', () => {
  it('merges root product_ids into string and object channels', () => {
    const parsed = parse({
      type: 'subscribe',
      product_ids: ['ETH-USD', 'ETH-EUR'],
      channels: ['level2', 'heartbeat', { name: 'ticker', product_ids: ['ETH-BTC', 'ETH-USD'] }],
    });
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const channels = parsed.request.channels.map(({ channel, productIds }) => [channel.name, productIds]);
    expect(channels).toEqual([
      ['level2', ['ETH-USD', 'ETH-EUR']],
      ['heartbeat', ['ETH-USD', 'ETH-EUR']],
      ['ticker', ['ETH-BTC', 'ETH-USD', 'ETH-EUR']],
    ]);
    expect(parsed.request.auth).toBeUndefined();
  });

  it('maps aliases and keeps status without products', () => {
    const parsed = parse({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['level2_50', 'ticker_1000', 'status'],
    });
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(parsed.request.channels.map(({ channel, productIds }) => [channel.name, productIds])).toEqual([
      ['level2_batch', ['BTC-USD']],
      ['ticker_batch', ['BTC-USD']],
      ['status', []],
    ]);
  });

  it.each([
    ['{"type":', 'Malformed JSON', undefined],
    [[1, 2], 'Malformed message', 'expected a JSON object with a "type"'],
    [
      { type: 'hello' },
      'Unsupported message type',
      'expected "subscribe" or "unsubscribe", received "hello"',
    ],
    [{ type: 'subscribe' }, 'Failed to subscribe', 'No channels provided'],
    [{ type: 'unsubscribe', channels: [] }, 'Failed to unsubscribe', 'No channels provided'],
    [
      { type: 'subscribe', channels: ['heartbeat'] },
      'Failed to subscribe',
      'You need to specify at least one product ID for channel heartbeat',
    ],
    [
      { type: 'subscribe', channels: ['nope'], product_ids: ['BTC-USD'] },
      'Failed to subscribe',
      'nope is not a valid channel',
    ],
    [{ type: 'subscribe', channels: [42] }, 'Failed to subscribe', 'a number is not a valid channel'],
    [
      { type: 'subscribe', channels: ['ticker'], product_ids: ['DOGE-USD'] },
      'Failed to subscribe',
      'DOGE-USD is not a valid product',
    ],
    [
      { type: 'subscribe', channels: ['ticker'], product_ids: 'BTC-USD' },
      'Failed to subscribe',
      'product_ids must be an array of strings',
    ],
  ])('answers %j with %s', (message, text, reason) => {
    const parsed = parse(message);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toBe(text);
    if (reason !== undefined) expect(parsed.error.reason).toBe(reason);
  });

  it('treats an empty key as anonymous and keeps auth fields otherwise', () => {
    const anonymous = parse({
      type: 'subscribe',
      channels: ['ticker'],
      product_ids: ['BTC-USD'],
      key: '',
      passphrase: '',
      timestamp: 1,
      signature: '',
    });
    expect(anonymous.ok && anonymous.request.auth).toBeUndefined();
    const signed = parse({
      type: 'subscribe',
      channels: ['full'],
      product_ids: ['BTC-USD'],
      key: 'k',
      passphrase: 'p',
      timestamp: '17',
      signature: 's',
    });
    expect(signed.ok && signed.request.auth).toEqual({
      key: 'k',
      passphrase: 'p',
      signature: 's',
      timestamps: ['17'],
    });
  });

  it('exposes the exact auth-required reason', () => {
    expect(authRequiredReason).toBe(
      'level2, level3, and full channels now require authentication. https://docs.cloud.coinbase.com/exchange/docs/websocket-auth',
    );
  });
});

describe('timestampTexts', () => {
  it('keeps a string verbatim and recovers a number as written', () => {
    expect(timestampTexts('1700000000.10', '')).toEqual(['1700000000.10']);
    expect(timestampTexts(1700000000.1, '{"timestamp": 1700000000.10}')).toEqual([
      '1700000000.10',
      '1700000000.1',
    ]);
    expect(timestampTexts(1700000000, '{"timestamp":1700000000}')).toEqual(['1700000000']);
  });
});

describe('SubscriptionSet', () => {
  it('accumulates subscriptions and removes channels or products', () => {
    const set = new SubscriptionSet();
    const request = (message: unknown) => {
      const parsed = parse(message);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      return parsed.request.channels;
    };
    set.add(request({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker', 'heartbeat'] }));
    set.add(request({ type: 'subscribe', product_ids: ['ETH-USD'], channels: ['ticker'] }));
    expect(set.reply()).toEqual({
      type: 'subscriptions',
      channels: [
        { name: 'ticker', product_ids: ['BTC-USD', 'ETH-USD'] },
        { name: 'heartbeat', product_ids: ['BTC-USD'] },
      ],
    });
    set.remove(request({ type: 'unsubscribe', channels: ['heartbeat'] }));
    set.remove(request({ type: 'unsubscribe', channels: [{ name: 'ticker', product_ids: ['BTC-USD'] }] }));
    expect(set.reply()).toEqual({
      type: 'subscriptions',
      channels: [{ name: 'ticker', product_ids: ['ETH-USD'] }],
    });
    set.remove(request({ type: 'unsubscribe', channels: [{ name: 'ticker', product_ids: [] }] }));
    expect(set.isEmpty).toBe(true);
  });
});
