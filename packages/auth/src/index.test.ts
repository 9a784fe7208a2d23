import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names (change on purpose only)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "ADVANCED_TRADE_HOST",
        "AuthError",
        "CDP_ENV",
        "CDP_JWT_LIFETIME_SECONDS",
        "CdpCredentials",
        "CdpJwtSigner",
        "CredentialsError",
        "EXCHANGE_ENV",
        "ExchangeClock",
        "ExchangeCredentials",
        "ExchangeSigner",
        "REDACTED",
        "SigningError",
        "TradeloopError",
        "cdpCredentialsFromEnv",
        "createCdpCredentials",
        "createExchangeCredentials",
        "credentialsFromEnv",
        "exchangeCredentialsFromEnv",
      ]
    `);
  });
});
