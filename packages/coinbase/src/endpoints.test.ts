import { PRODUCTION_URL, SANDBOX_URL } from '@tradeloop/rest';
import { PRODUCTION_FEED_URL, SANDBOX_FEED_URL } from '@tradeloop/websocket';
import { describe, expect, it } from 'vitest';
import { coinbaseEndpoints, coinbaseEnvironmentOf, restUrlForFeed, venueHost } from './endpoints.js';
import { InvalidEndpointError } from './errors.js';

describe('coinbaseEndpoints', () => {
  it('takes the hosts from the clients that own them', () => {
    expect(coinbaseEndpoints.exchange.production).toMatchObject({
      restUrl: PRODUCTION_URL,
      feedUrl: PRODUCTION_FEED_URL,
    });
    expect(coinbaseEndpoints.exchange.sandbox).toMatchObject({
      restUrl: SANDBOX_URL,
      feedUrl: SANDBOX_FEED_URL,
    });
  });
});

describe('coinbaseEnvironmentOf', () => {
  it.each([
    PRODUCTION_URL,
    PRODUCTION_FEED_URL,
    'HTTPS://API.EXCHANGE.COINBASE.COM',
    'https://api.exchange.coinbase.com.',
    'https://api.exchange.coinbase.com..:443/orders',
    'https://user@api.exchange.coinbase.com:8443',
    'http://api.exchange.coinbase.com',
    'wss://ws-direct.exchange.coinbase.com',
    'https://api.coinbase.com',
    'wss://advanced-trade-ws.coinbase.com',
    'wss://advanced-trade-ws-user.coinbase.com',
    'https://api.pro.coinbase.com',
    'https://some-new-host.coinbase.com',
  ])('takes %s for production (real money)', (url) => {
    expect(coinbaseEnvironmentOf(url)).toBe('production');
  });

  it.each([
    SANDBOX_URL,
    SANDBOX_FEED_URL,
    'HTTPS://API-PUBLIC.SANDBOX.EXCHANGE.COINBASE.COM.:443/',
    'wss://ws-direct.sandbox.exchange.coinbase.com',
  ])('takes %s for the sandbox', (url) => {
    expect(coinbaseEnvironmentOf(url)).toBe('sandbox');
  });

  it.each([
    'http://127.0.0.1:4100',
    'ws://localhost:4100',
    'https://api.exchange.coinbase.com.example.test',
    'https://notcoinbase.com',
  ])('takes %s for no Coinbase host', (url) => {
    expect(coinbaseEnvironmentOf(url)).toBeUndefined();
  });
});

describe('venueHost', () => {
  it('names one venue reached several ways by one host', () => {
    for (const url of [
      'https://api.exchange.coinbase.com',
      'HTTPS://Api.Exchange.Coinbase.Com.:443/',
      'https://api.exchange.coinbase.com/orders?x=1',
    ])
      expect(venueHost(url)).toBe('api.exchange.coinbase.com');
    expect(venueHost('http://127.0.0.1:4100/')).toBe('127.0.0.1:4100');
    expect(venueHost('http://LOCALHOST:80')).toBe('localhost');
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
