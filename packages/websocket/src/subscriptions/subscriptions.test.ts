import { describe, expect, it } from 'vitest';
import { InvalidSubscriptionError } from '../errors.js';
import { SubscriptionState, selectChannels, toWireChannels } from './subscriptions.js';

describe('selectChannels', () => {
  it('adds root product ids to every product channel, like Coinbase', () => {
    expect(
      selectChannels(
        ['level2', 'heartbeat', { name: 'ticker', product_ids: ['ETH-BTC'] }],
        ['ETH-USD', 'ETH-EUR'],
      ),
    ).toEqual([
      { name: 'level2', ids: ['ETH-USD', 'ETH-EUR'] },
      { name: 'heartbeat', ids: ['ETH-USD', 'ETH-EUR'] },
      { name: 'ticker', ids: ['ETH-BTC', 'ETH-USD', 'ETH-EUR'] },
    ]);
  });

  it('maps aliases, merges repeats and keeps product-less channels empty', () => {
    expect(selectChannels(['level2_50', 'level2_batch', 'status'], ['BTC-USD'])).toEqual([
      { name: 'level2_batch', ids: ['BTC-USD'] },
      { name: 'status', ids: [] },
    ]);
    expect(selectChannels({ name: 'balance', account_ids: ['acc-1'] })).toEqual([
      { name: 'balance', ids: ['acc-1'] },
    ]);
  });

  it('rejects unknown channels, bad ids and product channels without products', () => {
    expect(() => selectChannels(['level9' as never], ['BTC-USD'])).toThrow(InvalidSubscriptionError);
    expect(() => selectChannels(['ticker'], [' BTC-USD'])).toThrow(InvalidSubscriptionError);
    expect(() => selectChannels(['ticker'], [''])).toThrow(InvalidSubscriptionError);
    expect(() => selectChannels(['ticker'])).toThrow(/at least one product id for channel ticker/);
    expect(() => selectChannels([])).toThrow(InvalidSubscriptionError);
    expect(() => selectChannels(['level3'], ['BTC-USD'])).toThrow(/subscribe to "full"/);
  });

  it('lets an unsubscribe name a channel without products (removes it whole)', () => {
    expect(selectChannels(['heartbeat'], [], 'unsubscribe')).toEqual([{ name: 'heartbeat', ids: [] }]);
  });
});

describe('SubscriptionState', () => {
  it('accumulates, reports what is new, and removes', () => {
    const state = new SubscriptionState();
    expect(state.add([{ name: 'ticker', ids: ['BTC-USD'] }])).toEqual([{ name: 'ticker', ids: ['BTC-USD'] }]);
    expect(state.add([{ name: 'ticker', ids: ['BTC-USD', 'ETH-USD'] }])).toEqual([
      { name: 'ticker', ids: ['ETH-USD'] },
    ]);
    state.add([{ name: 'status', ids: [] }]);
    expect(state.selections()).toEqual([
      { name: 'ticker', ids: ['BTC-USD', 'ETH-USD'] },
      { name: 'status', ids: [] },
    ]);
    state.remove([{ name: 'ticker', ids: ['BTC-USD'] }]);
    expect(state.has('ticker', 'BTC-USD')).toBe(false);
    expect(state.has('ticker', 'ETH-USD')).toBe(true);
    state.remove([{ name: 'ticker', ids: ['ETH-USD'] }]);
    expect(state.hasChannel('ticker')).toBe(false);
    state.remove([{ name: 'status', ids: [] }]);
    expect(state.isEmpty).toBe(true);
  });

  it('writes wire channels', () => {
    expect(
      toWireChannels([
        { name: 'full', ids: ['BTC-USD'] },
        { name: 'status', ids: [] },
        { name: 'balance', ids: ['a'] },
      ]),
    ).toEqual([
      { name: 'full', product_ids: ['BTC-USD'] },
      { name: 'status' },
      { name: 'balance', account_ids: ['a'] },
    ]);
  });
});
