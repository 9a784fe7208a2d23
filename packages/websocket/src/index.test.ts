import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these runtime names (change on purpose, then update this list)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ADVANCED_TRADE_CHANNELS',
      'ADVANCED_TRADE_FEED_URL',
      'ADVANCED_TRADE_USER_FEED_URL',
      'AUTHENTICATED_CHANNELS',
      'AdvancedTradeFeed',
      'BookSnapshotError',
      'CHANNEL_NAMES',
      'CoinbaseFeed',
      'ConnectionError',
      'CredentialsRequiredError',
      'FeedClosedError',
      'FeedEnvironmentRequiredError',
      'InternalFeedError',
      'InvalidBookValueError',
      'InvalidSubscriptionError',
      'Level2Book',
      'Level3Book',
      'ListenerError',
      'MalformedFrameError',
      'PRODUCTION_FEED_URL',
      'SANDBOX_FEED_URL',
      'ServerErrorMessageError',
      'SnapshotSourceRequiredError',
      'SubscribeTimeoutError',
      'UnknownMessageTypeError',
      'WebSocketError',
      'applyLevel2Data',
      'isAdvancedTradeChannelName',
      'isChannelName',
      'parseAdvancedTradeMessage',
      'parseFeedMessage',
      'requiresAuthentication',
    ]);
  });

  it('derives every error from TradeloopError', () => {
    const error = new api.CredentialsRequiredError(['full']);
    expect(api.WebSocketError.isInstance(error)).toBe(true);
    expect(error.name).toBe('CredentialsRequiredError');
    expect(error.message).toMatch(/expected credentials .* received none/);
  });
});
