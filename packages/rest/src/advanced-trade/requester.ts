import type { CdpJwtSigner } from '@tradeloop/auth';
import type { Clock } from '@tradeloop/clock';
import { AuthenticationError, UnexpectedResponseError } from '../errors.js';
import type { QueryParams } from '../http/query.js';
import type { HttpTransport } from '../http/transport.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RetryPolicy } from '../retry.js';
import {
  describeError,
  parseBody,
  type ResendPolicy,
  type SendStrategy,
  sendWithRetries,
} from '../send-loop.js';
import type { CallOptions } from '../types/common.js';
import { advancedTradeErrorFromResponse } from './error-mapping.js';

/** One Advanced Trade call, described once; the requester does the rest. */
export interface AdvancedTradeRequestSpec<T> {
  method: 'GET' | 'POST';
  /** The path under the origin without query, e.g. `/api/v3/brokerage/accounts`, segments encoded. */
  path: string;
  query?: QueryParams;
  /** The body, serialized once: every attempt sends these bytes. */
  body?: string;
  access: 'public' | 'private';
  resend: ResendPolicy;
  /** Checks the parsed 2xx body and returns it typed; throws a message when the shape is wrong. */
  read?: (data: unknown) => T;
}

/** What the requester needs, decided by the client's constructor. */
export interface AdvancedTradeRequesterConfig {
  origin: string;
  /** A path prefix of the base URL (a proxy's), sent but left out of the JWT `uri`. */
  pathPrefix: string;
  /** The host the JWT `uri` names (`api.coinbase.com`, or the simulator's `127.0.0.1:port`). */
  jwtHost: string;
  transport: HttpTransport;
  signer: CdpJwtSigner | undefined;
  limiter: RateLimiter;
  retryPolicy: RetryPolicy;
  timeoutMs: number;
  userAgent: string;
  clock: Clock;
  random: () => number;
}

/**
 * Sends Advanced Trade calls through the send loop shared with the Exchange requester: a fresh
 * ES256 JWT per attempt (`uri` = method, host and path without the query), Advanced Trade's
 * buckets (public or private) and error shapes; pagination is by cursor in the body, read by
 * the endpoints. Order placement (`resend: 'never'`) is never resent here.
 */
export class AdvancedTradeRequester {
  readonly config: AdvancedTradeRequesterConfig;
  readonly #strategy: SendStrategy;

  constructor(config: AdvancedTradeRequesterConfig) {
    this.config = config;
    this.#strategy = {
      missingCredentials: ({ method, requestPath }) =>
        config.signer === undefined
          ? new AuthenticationError(
              'missing_credentials',
              `${method} ${requestPath}: expected Advanced Trade credentials (a CDP key name and its private key) for this private endpoint, received none`,
              { method, path: requestPath },
            )
          : undefined,
      // One JWT per request and attempt: it is bound to this method and path, and lives 120 s.
      sign: ({ method, path }) => ({
        Authorization: `Bearer ${(config.signer as CdpJwtSigner).signRest({ method, path, host: config.jwtHost })}`,
      }),
      errorOf: advancedTradeErrorFromResponse,
    };
  }

  /** @throws {RestError} a typed subclass for every failure. */
  send<T>(spec: AdvancedTradeRequestSpec<T>, call: CallOptions = {}): Promise<T> {
    return sendWithRetries(
      this.config,
      this.#strategy,
      { ...spec, bucket: spec.access },
      call,
      ({ response }, details) => {
        const data = parseBody(response, details);
        if (spec.read === undefined) return data as T;
        try {
          return spec.read(data);
        } catch (error) {
          throw new UnexpectedResponseError(
            `${details.method} ${details.path}: the ${response.status} body is not what this endpoint returns: ${describeError(error)}`,
            { ...details, status: response.status, cause: error },
          );
        }
      },
    );
  }
}
