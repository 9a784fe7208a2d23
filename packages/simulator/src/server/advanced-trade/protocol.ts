import type { ServerContext } from '../context.js';
import { describeError } from '../describe-error.js';
import type { Authentication, RestErrorReplies, RestProtocol, SignedRequest } from '../rest-protocol.js';
import { Router } from '../router.js';
import { advancedTradeRoutes } from '../routes/advanced-trade/index.js';
import { verifyRestJwt } from './jwt-verifier.js';
import { verifyLegacyHmac } from './legacy-hmac.js';
import {
  advancedTradeError,
  advancedTradeNotFound,
  invalidArgument,
  missingScopes,
  rateLimited,
  UNAUTHORIZED_BODY,
} from './replies.js';

/** Paths of the Advanced Trade protocol (and the `/v2` endpoints its clients call while setting up). */
export function isAdvancedTradePath(path: string): boolean {
  return path.startsWith('/api/v3/') || path.startsWith('/v2/');
}

/** Advanced Trade's error shape: `{error, error_details, message}`. */
const advancedTradeErrors: RestErrorReplies = {
  notFound: advancedTradeNotFound(),
  bodyTooLarge: (limitBytes) =>
    advancedTradeError(413, 'INVALID_ARGUMENT', `Request body too large: the limit is ${limitBytes} bytes`),
  injectedServerError: (status, message) => advancedTradeError(status, 'INTERNAL', message),
  rateLimited: () => rateLimited,
  headerEcho: (headers) =>
    advancedTradeError(
      400,
      'INVALID_ARGUMENT',
      `Bad request at the gateway; request headers: ${JSON.stringify(headers)}`,
    ),
  forbidden: missingScopes,
  unsupportedMediaType: (reason) => advancedTradeError(415, 'INVALID_ARGUMENT', reason),
  malformedJson: (error) => invalidArgument(`malformed JSON body: ${describeError(error)}`),
  internalError: advancedTradeError(500, 'INTERNAL', 'Internal server error'),
  gatewayTimeout: advancedTradeError(504, 'INTERNAL', 'Gateway Timeout'),
};

/** Coinbase's 401 for any credential problem: a bare text body; the reason goes to the log only. */
const unauthorized = {
  status: 401,
  contentType: 'text/plain; charset=utf-8',
  text: UNAUTHORIZED_BODY,
} as const;

/**
 * The Advanced Trade protocol on the shared pipeline: routes under `/api/v3/brokerage` (and
 * `/v2`), an ES256 JWT per request (or, with `CB-ACCESS-*` headers and no `Authorization`, a
 * legacy pre-CDP HMAC key), Advanced Trade's own rate limits and error shapes.
 */
export function createAdvancedTradeProtocol(): RestProtocol {
  return {
    router: new Router(advancedTradeRoutes),
    errors: advancedTradeErrors,
    authenticate: authenticateAdvancedTrade,
    takeRateLimitToken(context, bucket, key) {
      const limits = context.advancedTrade.rateLimits;
      if (limits === undefined) return true;
      return (bucket === 'public' ? limits.public : limits.private).take(key);
    },
  };
}

function authenticateAdvancedTrade(context: ServerContext, request: SignedRequest): Authentication {
  const { headers, method, target } = request;
  const state = context.advancedTrade;
  const authorization = headers.authorization;
  if (authorization === undefined && headers['cb-access-key'] !== undefined) {
    // A legacy (pre-CDP) HMAC key: no JWT, CB-ACCESS-* headers without a passphrase.
    const legacyCaller = verifyLegacyHmac(
      { headers, method, path: target.path, rawQuery: target.rawQuery, rawBody: request.rawBody },
      state.legacyKeys,
      context.wallClock(),
    );
    if (legacyCaller === undefined) {
      context.log(
        `advanced trade: 401 on ${method} ${target.path}: HMAC headers that no legacy key verifies`,
      );
      return { ok: false, reply: unauthorized };
    }
    return { ok: true, caller: legacyCaller, rateLimitKey: String(headers['cb-access-key']) };
  }
  const verification = verifyRestJwt(
    { authorization, method, host: headers.host, path: target.path },
    state.keys,
    context.wallClock(),
  );
  if (!verification.ok) {
    context.log(`advanced trade: 401 on ${method} ${target.path}: ${verification.problem}`);
    return { ok: false, reply: unauthorized };
  }
  return { ok: true, caller: verification.record.caller, rateLimitKey: verification.record.keyName };
}
