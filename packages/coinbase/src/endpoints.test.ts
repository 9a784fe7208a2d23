import { PRODUCTION_URL, SANDBOX_URL } from '@tradeloop/rest';
import { PRODUCTION_FEED_URL, SANDBOX_FEED_URL } from '@tradeloop/websocket';
import { describe, expect, it } from 'vitest';
import { coinbaseEndpoints, restUrlForFeed } from './endpoints.js';
import { InvalidEndpointError } from './errors.js';

describe('coinbaseEndpoints', () => {
  it('takes the hosts from the clients that own them', () => {
    expect(coinbaseEndpoints.exchange.production).toEqual({
      restUrl: PRODUCTION_URL,
      feedUrl: PRODUCTION_FEED_URL,
    });
    expect(coinbaseEndpoints.exchange.sandbox).toEqual({ restUrl: SANDBOX_URL, feedUrl: SANDBOX_FEED_URL });
  });
});

describe('restUrlForFeed', () => {
  it('maps a known Coinbase feed to its REST origin', () => {
    expect(restUrlForFeed(PRODUCTION_FEED_URL)).toBe(PRODUCTION_URL);
    expect(restUrlForFeed(SANDBOX_FEED_URL)).toBe(SANDBOX_URL);
    expect(restUrlForFeed(`${SANDBOX_FEED_URL}/`)).toBe(SANDBOX_URL);
  });

  it('maps a loopback or custom feed to the same host and port over http(s)', () => {
    expect(restUrlForFeed('ws://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(restUrlForFeed('wss://exchange.example.test:9443/feed')).toBe(
      'https://exchange.example.test:9443',
    );
    expect(restUrlForFeed('ws://[::1]:4000')).toBe('http://[::1]:4000');
  });

  it.each(['not a url', '', 'ws-feed.exchange.coinbase.com', 'http://127.0.0.1:8080'])(
    'refuses %j instead of falling back to production',
    (feedUrl) => {
      let caught: unknown;
      try {
        restUrlForFeed(feedUrl);
      } catch (error) {
        caught = error;
      }
      expect(InvalidEndpointError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ code: 'invalid_endpoint', url: feedUrl });
      expect((caught as Error).message).toContain(JSON.stringify(feedUrl));
    },
  );
});
