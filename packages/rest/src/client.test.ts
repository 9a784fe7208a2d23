import { createExchangeCredentials } from '@tradeloop/auth';
import { describe, expect, it } from 'vitest';
import { CoinbaseExchangeClient, PRODUCTION_URL, SANDBOX_URL } from './client.js';
import { ClientOptionsError } from './errors.js';

describe('CoinbaseExchangeClient options', () => {
  const credentials = createExchangeCredentials({
    apiKey: '0123456789abcdef0123456789abcdef',
    apiSecret: Buffer.alloc(64, 7).toString('base64'),
    passphrase: 'not-a-real-passphrase',
  });

  it('with credentials, refuses to choose an exchange itself: no default reaches real money', () => {
    // The option and the error class are checked with the other refusals below.
    expect(() => new CoinbaseExchangeClient({ credentials })).toThrow(
      /pass sandbox: true .*baseUrl: PRODUCTION_URL/,
    );
    expect(new CoinbaseExchangeClient({ credentials, sandbox: true }).baseUrl).toBe(SANDBOX_URL);
    expect(new CoinbaseExchangeClient({ credentials, baseUrl: PRODUCTION_URL }).baseUrl).toBe(PRODUCTION_URL);
  });

  it('reads public market data from production by default, the sandbox when asked, and any base URL given', () => {
    expect(new CoinbaseExchangeClient().baseUrl).toBe(PRODUCTION_URL);
    expect(new CoinbaseExchangeClient({ sandbox: true }).baseUrl).toBe(SANDBOX_URL);
    expect(new CoinbaseExchangeClient({ sandbox: true, baseUrl: 'http://127.0.0.1:8080/' }).baseUrl).toBe(
      'http://127.0.0.1:8080',
    );
    expect(new CoinbaseExchangeClient({ baseUrl: 'https://proxy.example/coinbase/' }).baseUrl).toBe(
      'https://proxy.example/coinbase',
    );
  });

  it.each([
    [{ credentials }, 'baseUrl'],
    [{ credentials, sandbox: false }, 'baseUrl'],
    [{ baseUrl: 'api.exchange.coinbase.com' }, 'baseUrl'],
    [{ baseUrl: 'ftp://example.com' }, 'baseUrl'],
    [{ baseUrl: 'https://example.com/?key=1' }, 'baseUrl'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ rateLimit: { private: { ratePerSecond: -1, burst: 30 } } }, 'rateLimit.private.ratePerSecond'],
    [{ rateLimit: { headroom: -1 } }, 'rateLimit.headroom'],
    [{ orderPlacement: { maxAttempts: 0 } }, 'orderPlacement.maxAttempts'],
    [{ orderPlacement: { lookupDelayMs: Number.NaN } }, 'orderPlacement.lookupDelayMs'],
    [{ orderPlacement: { absenceWindowMs: -1 } }, 'orderPlacement.absenceWindowMs'],
    [{ orderPlacement: { absenceLookups: 0 } }, 'orderPlacement.absenceLookups'],
    [{ maxResponseBytes: 1.5 }, 'maxResponseBytes'],
  ])('refuses %j naming the option', (options, option) => {
    let caught: unknown;
    try {
      new CoinbaseExchangeClient(options);
    } catch (error) {
      caught = error;
    }
    expect(ClientOptionsError.isInstance(caught)).toBe(true);
    expect((caught as ClientOptionsError).option).toBe(option);
    expect((caught as ClientOptionsError).code).toBe('invalid_client_options');
  });
});
