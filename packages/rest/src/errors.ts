import { TradeloopError } from '@tradeloop/errors';

/** What every REST error knows about the request that failed. Never headers, bodies or credentials. */
export interface RestErrorDetails {
  /** `GET`, `POST` or `DELETE`. */
  method: string;
  /** The request path with its query string, exactly as sent (e.g. `/fills?product_id=BTC-USD`). */
  path: string;
  /** The HTTP status, when a response arrived. */
  status?: number;
  /** Coinbase's `message` from the error body, when it sent one. */
  exchangeMessage?: string;
  cause?: unknown;
}

/**
 * Base class of every error `@tradeloop/rest` throws after a request was attempted (or refused
 * before I/O). Carries the method, path, status, Coinbase's message and whether sending the same
 * request again may succeed.
 *
 * @example
 * try { await client.getAccounts(); }
 * catch (error) { if (RestError.isInstance(error) && error.isRetryable) scheduleRetry(); }
 */
export class RestError extends TradeloopError {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly exchangeMessage: string | undefined;
  /** True when the same request may succeed later (429, 5xx, network failure, timeout). */
  readonly isRetryable: boolean;

  constructor(code: string, message: string, details: RestErrorDetails, isRetryable: boolean) {
    super(code, message, details.cause === undefined ? {} : { cause: details.cause });
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.exchangeMessage = details.exchangeMessage;
    this.isRetryable = isRetryable;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      method: this.method,
      path: this.path,
      status: this.status,
      exchangeMessage: this.exchangeMessage,
      isRetryable: this.isRetryable,
    };
  }
}

/** Why Coinbase refused the credentials. */
export type AuthenticationFailureReason =
  | 'invalid_signature'
  | 'invalid_api_key'
  | 'invalid_passphrase'
  | 'timestamp_expired'
  | 'invalid_timestamp'
  | 'missing_header'
  | 'missing_credentials'
  | 'unauthorized';

/** 401 (or an older-style 400 with an authentication message): the key, signature or timestamp was refused. */
export class AuthenticationError extends RestError {
  readonly reason: AuthenticationFailureReason;
  /**
   * For `timestamp_expired`: how far the signed timestamp was from the exchange's time, in ms
   * (negative: the local clock is behind), when it could be measured.
   */
  readonly clockSkewMs: number | undefined;

  constructor(
    reason: AuthenticationFailureReason,
    message: string,
    details: RestErrorDetails,
    clockSkewMs?: number,
  ) {
    super(reason, message, details, false);
    this.reason = reason;
    this.clockSkewMs = clockSkewMs;
  }
}

/** 403: the API key lacks the permission this endpoint needs (e.g. `trade` to place orders). */
export class PermissionError extends RestError {
  constructor(message: string, details: RestErrorDetails) {
    super('permission_denied', message, details, false);
  }
}

/** 400 on an endpoint that is not about orders: a parameter the exchange would not accept. */
export class BadRequestError extends RestError {
  constructor(message: string, details: RestErrorDetails, code = 'bad_request') {
    super(code, message, details, false);
  }
}

/** Why the exchange refused an order (or an order operation), parsed from its message. */
export type InvalidOrderReason =
  | 'precision'
  | 'minimum'
  | 'post_only'
  | 'insufficient_funds'
  | 'unknown_product'
  | 'product_restricted'
  | 'missing_field'
  | 'invalid_field'
  | 'invalid_order_id'
  | 'order_already_done'
  | 'open_order_limit'
  | 'duplicate_client_oid'
  | 'unknown';

/**
 * 400 on an order endpoint: the exchange refused the order, or the operation on it. `reason` is
 * parsed from Coinbase's message; `field` and `limit` are filled when the message names them
 * (e.g. `price is too accurate. Smallest unit is 0.01000000` → precision, price, 0.01000000).
 */
export class InvalidOrderError extends BadRequestError {
  readonly reason: InvalidOrderReason;
  /** The order field the message names (`price`, `size`, `funds`, ...), if any. */
  readonly field: string | undefined;
  /** The smallest unit or minimum the message quotes, as Coinbase wrote it. */
  readonly limit: string | undefined;

  constructor(
    parsed: { reason: InvalidOrderReason; field?: string | undefined; limit?: string | undefined },
    message: string,
    details: RestErrorDetails,
  ) {
    super(message, details, 'invalid_order');
    this.reason = parsed.reason;
    this.field = parsed.field;
    this.limit = parsed.limit;
  }
}

/** 404: no such order, account, product or currency (or it is not visible to this key). */
export class NotFoundError extends RestError {
  constructor(message: string, details: RestErrorDetails) {
    super('not_found', message, details, false);
  }
}

/** 429: the exchange's rate limit refused the request. */
export class RateLimitedError extends RestError {
  /** The wait the exchange asked for in `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: RestErrorDetails, retryAfterMs?: number) {
    super('rate_limited', message, details, true);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx: the exchange failed; the request may or may not have taken effect. */
export class ServerError extends RestError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: RestErrorDetails, retryAfterMs?: number) {
    super('server_error', message, details, true);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The connection failed (refused, reset, DNS, TLS) before a complete response arrived. */
export class NetworkError extends RestError {
  constructor(message: string, details: RestErrorDetails) {
    super('network_error', message, details, true);
  }
}

/** No complete response within the request's `timeoutMs`. */
export class TimeoutError extends RestError {
  readonly timeoutMs: number;

  constructor(message: string, details: RestErrorDetails, timeoutMs: number) {
    super('timeout', message, details, true);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` fired; `cause` holds the signal's reason. */
export class AbortedError extends RestError {
  /**
   * True when the request had already gone out (it may have taken effect); false when it was
   * still waiting (for a rate-limit token or a retry) and never reached the exchange.
   */
  readonly requestSent: boolean;

  constructor(message: string, details: RestErrorDetails, requestSent = false) {
    super('aborted', message, details, false);
    this.requestSent = requestSent;
  }
}

/** A 2xx response whose body is not what the endpoint returns, or a status no other class covers. */
export class UnexpectedResponseError extends RestError {
  constructor(message: string, details: RestErrorDetails, isRetryable = false) {
    super('unexpected_response', message, details, isRetryable);
  }
}

/** The arguments were refused before any I/O (e.g. a price given as a JS number, a bad granularity). */
export class InvalidRequestError extends RestError {
  constructor(message: string, details: RestErrorDetails) {
    super('invalid_request', message, details, false);
  }
}

/**
 * Placing an order failed in a way that leaves its fate unknown, and asking the exchange did not
 * settle it: `GET /orders/client:{clientOid}` failed, the caller aborted, or the exchange said the
 * order exists (a 2xx answer, a duplicate-`client_oid` refusal) yet the lookups never found it. The
 * order may exist: treat it as live (count it against limits, cancel it by `clientOid`) and look
 * it up again before placing it anew.
 */
export class OrderStatusUnknownError extends RestError {
  /** The `client_oid` the order was sent with; use it with `getOrderByClientOid`. */
  readonly clientOid: string;

  constructor(message: string, details: RestErrorDetails, clientOid: string) {
    super('order_status_unknown', message, details, true);
    this.clientOid = clientOid;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), clientOid: this.clientOid };
  }
}

/** A response body was larger than the client's `maxResponseBytes`; the connection was closed. */
export class ResponseTooLargeError extends RestError {
  /** The limit that was exceeded, in bytes. */
  readonly maxResponseBytes: number;

  constructor(message: string, details: RestErrorDetails, maxResponseBytes: number) {
    super('response_too_large', message, details, false);
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** A client option is unusable (a malformed base URL, a negative timeout, a zero rate...). */
export class ClientOptionsError extends TradeloopError {
  /** The option at fault, e.g. `baseUrl` or `rateLimit.private.burst`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('invalid_client_options', `${option}: ${message}`);
    this.option = option;
  }
}
