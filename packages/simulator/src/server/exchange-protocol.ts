import { verifyRestRequest } from './auth.js';
import { rateLimitMessages } from './rate-limits.js';
import { failure, notFound } from './replies.js';
import type { RestErrorReplies, RestProtocol } from './rest-protocol.js';
import { Router } from './router.js';
import { allRoutes } from './routes/index.js';

/** Coinbase Exchange's error shape: the status and `{"message": ...}`. */
const exchangeErrors: RestErrorReplies = {
  notFound,
  bodyTooLarge: (limitBytes) => failure(413, `Request body too large: the limit is ${limitBytes} bytes`),
  injectedServerError: (status, message) => failure(status, message),
  rateLimited: (bucket) => failure(429, rateLimitMessages[bucket]),
  // A misbehaving gateway in front of the exchange: it refuses and echoes what it received.
  headerEcho: (headers) =>
    failure(400, `Bad request at the gateway; request headers: ${JSON.stringify(headers)}`),
  forbidden: failure(403, 'Forbidden'),
  unsupportedMediaType: (reason) => failure(415, reason),
  malformedJson: (error) => failure(400, error instanceof Error ? error.message : 'Malformed JSON'),
  internalError: failure(500, 'Internal server error'),
  gatewayTimeout: failure(504, 'Gateway Timeout'),
};

/** The Exchange protocol: routes at the root, `CB-ACCESS-*` HMAC with a passphrase, Exchange's limits. */
export function createExchangeProtocol(): RestProtocol {
  return {
    router: new Router(allRoutes),
    errors: exchangeErrors,
    authenticate(context, { headers, method, target, rawBody }) {
      const outcome = verifyRestRequest(
        { headers, method, rawTarget: target.raw, rawBody },
        context.keys,
        context.wallClock(),
        context.auth,
      );
      if (!outcome.ok) return { ok: false, reply: failure(outcome.status, outcome.message) };
      return { ok: true, caller: outcome.record.caller, rateLimitKey: outcome.record.apiKey };
    },
    takeRateLimitToken: (context, bucket, key) => context.rateLimiter?.take(bucket, key) ?? true,
  };
}
