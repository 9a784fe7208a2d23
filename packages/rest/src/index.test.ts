import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names (change on purpose only)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "ADVANCED_TRADE_RATE_LIMITS",
        "ADVANCED_TRADE_URL",
        "AbortedError",
        "AdvancedTradeOrderRejectedError",
        "AuthenticationError",
        "BadRequestError",
        "COINBASE_RATE_LIMITS",
        "ClientOptionsError",
        "CoinbaseAdvancedTradeClient",
        "CoinbaseExchangeClient",
        "DEFAULT_ADVANCED_TRADE_PLACEMENT",
        "DEFAULT_ORDER_PLACEMENT",
        "DEFAULT_PAGE_SIZE",
        "DEFAULT_RETRY_POLICY",
        "DEFAULT_USER_AGENT",
        "FetchTransport",
        "InvalidOrderError",
        "InvalidRequestError",
        "NetworkError",
        "NodeHttpTransport",
        "NotFoundError",
        "OrderStatusUnknownError",
        "PRODUCTION_URL",
        "PermissionError",
        "RateLimitedError",
        "ResponseTooLargeError",
        "RestError",
        "SANDBOX_URL",
        "ServerError",
        "TimeoutError",
        "TransportFailure",
        "UnexpectedResponseError",
        "VERSION",
      ]
    `);
  });
});
