import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names (change on purpose only)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "AbortedError",
        "AuthenticationError",
        "BadRequestError",
        "COINBASE_RATE_LIMITS",
        "ClientOptionsError",
        "CoinbaseExchangeClient",
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
