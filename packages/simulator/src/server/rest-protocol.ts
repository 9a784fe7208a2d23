import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../exchange/contract.js';
import type { ServerContext } from './context.js';
import type { RateLimitKind } from './rate-limits.js';
import type { RequestTarget } from './request.js';
import type { Reply, Router } from './router.js';

/** A reply whose body is not JSON: Advanced Trade's plain-text 401, the 2xx-garbage fault's HTML. */
export interface TextReply {
  status: number;
  contentType: string;
  text: string;
}

/** What a private request presents to be authenticated. */
export interface SignedRequest {
  headers: IncomingHttpHeaders;
  method: string;
  target: RequestTarget;
  rawBody: Buffer;
}

/** Who a private request comes from, and the key its rate limit is counted against; or the refusal. */
export type Authentication =
  | { ok: true; caller: Caller; rateLimitKey: string }
  | { ok: false; reply: Reply | TextReply };

/** Every error the shared pipeline answers itself, in one protocol's error shape. */
export interface RestErrorReplies {
  /** Unknown route or method. */
  notFound: Reply;
  bodyTooLarge(limitBytes: number): Reply;
  /** The server-errors fault's 500/502/503. */
  injectedServerError(status: number, message: string): Reply;
  /** An empty rate-limit bucket, or the server-errors fault's 429. */
  rateLimited(bucket: RateLimitKind): Reply;
  /** The header-echo fault's 400 from a "gateway" that repeats every request header. */
  headerEcho(headers: IncomingHttpHeaders): Reply;
  /** An authenticated key without the permission (scope) the route needs. */
  forbidden: Reply;
  unsupportedMediaType(reason: string): Reply;
  malformedJson(error: unknown): Reply;
  /** A bug in a route or in the pipeline. */
  internalError: Reply;
  /** The lost-responses fault's answer instead of an accepted order's 200. */
  gatewayTimeout: Reply;
}

/**
 * What distinguishes one REST protocol served by the shared pipeline (`http.ts`) from another:
 * its routes, its authentication scheme, its rate limits and its error shapes. Everything else —
 * body limits, fault injection, content-type and JSON checks, reply writing — is the pipeline's.
 */
export interface RestProtocol {
  readonly router: Router;
  readonly errors: RestErrorReplies;
  /** Verifies a private request's credentials (HMAC for Exchange, ES256 JWT for Advanced Trade). */
  authenticate(context: ServerContext, request: SignedRequest): Authentication;
  /** Takes one token of the protocol's own limits; true when it was left (or limits are off). */
  takeRateLimitToken(context: ServerContext, bucket: RateLimitKind, key: string): boolean;
}
