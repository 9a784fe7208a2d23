import {
  AuthenticationError,
  type AuthenticationFailureReason,
  BadRequestError,
  InvalidOrderError,
  type InvalidOrderReason,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  type RestError,
  type RestErrorDetails,
  ServerError,
  UnexpectedResponseError,
} from './errors.js';

/** A non-2xx response, reduced to what an error may carry (no headers besides Retry-After). */
export interface FailedResponse {
  method: string;
  path: string;
  status: number;
  bodyText: string;
  /** Parsed `Retry-After`, in ms. */
  retryAfterMs?: number | undefined;
}

const MAX_MESSAGE_LENGTH = 300;

/**
 * Coinbase's `message` from an error body (`{"message":"..."}`). Falls back to the start of a
 * non-JSON body (a proxy's HTML page, say), trimmed, so the user still sees something.
 */
export function exchangeMessageOf(bodyText: string): string | undefined {
  const trimmed = bodyText.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null) {
        const message = (parsed as { message?: unknown }).message;
        if (typeof message === 'string') return message;
      }
    } catch {
      // Not JSON after all: show the text.
    }
  }
  return trimmed.length > MAX_MESSAGE_LENGTH ? `${trimmed.slice(0, MAX_MESSAGE_LENGTH)}…` : trimmed;
}

const AUTHENTICATION_MESSAGES: ReadonlyArray<[RegExp, AuthenticationFailureReason]> = [
  [/^invalid signature$/i, 'invalid_signature'],
  [/^invalid api key$/i, 'invalid_api_key'],
  [/^invalid passphrase$/i, 'invalid_passphrase'],
  [/^request timestamp expired$/i, 'timestamp_expired'],
  [/^invalid timestamp$/i, 'invalid_timestamp'],
  [/^CB-ACCESS-[A-Z]+ header is required$/i, 'missing_header'],
];

/**
 * The authentication failure an exchange message describes, or `undefined` when it describes none.
 * Older Coinbase deployments sent these with status 400, newer ones with 401; the text decides.
 */
export function authenticationReasonOf(message: string | undefined): AuthenticationFailureReason | undefined {
  if (message === undefined) return undefined;
  const text = message.trim();
  for (const [pattern, reason] of AUTHENTICATION_MESSAGES) if (pattern.test(text)) return reason;
  return undefined;
}

const AUTHENTICATION_HINTS: Record<AuthenticationFailureReason, string> = {
  invalid_signature:
    'expected the signature of the exact timestamp, method, path, query and body sent; check that the API secret belongs to this API key',
  invalid_api_key:
    'expected a key known to this environment; production and sandbox keys are different, and a deleted key stays invalid',
  invalid_passphrase:
    "expected the passphrase chosen when the API key was created (not the account's password)",
  timestamp_expired:
    "expected CB-ACCESS-TIMESTAMP within 30 s of the exchange's clock; enable clock sync or fix the machine's clock (NTP)",
  invalid_timestamp: 'expected CB-ACCESS-TIMESTAMP as seconds since the epoch',
  missing_header: 'expected all four CB-ACCESS-* headers; give the client credentials',
  missing_credentials: 'expected credentials for a private endpoint; pass { credentials } to the client',
  unauthorized: 'expected a key allowed to call this endpoint',
};

/** The remedy text for an authentication failure, for messages. */
export function authenticationHint(reason: AuthenticationFailureReason): string {
  return AUTHENTICATION_HINTS[reason];
}

interface ParsedOrderRejection {
  reason: InvalidOrderReason;
  field?: string;
  limit?: string;
}

/**
 * Parses Coinbase's order rejection texts (see the protocol notes, §6.2–6.3), for example
 * `price is too accurate. Smallest unit is 0.01000000` or `Insufficient funds`.
 */
export function parseOrderRejection(message: string | undefined): ParsedOrderRejection {
  const text = (message ?? '').trim();
  let match = /^(\w+) is too accurate\. Smallest unit is (\S+)$/i.exec(text);
  if (match) return { reason: 'precision', field: lower(match[1]), limit: match[2] as string };
  match = /^(\w+) is too small\. Minimum (?:size|funds|value) is (\S+)$/i.exec(text);
  if (match) return { reason: 'minimum', field: lower(match[1]), limit: match[2] as string };
  match = /^(\w+) is too (?:small|large)/i.exec(text);
  if (match) return { reason: 'minimum', field: lower(match[1]) };
  if (/^post only mode$/i.test(text) || /post[ -]only/i.test(text)) return { reason: 'post_only' };
  if (/insufficient funds/i.test(text)) return { reason: 'insufficient_funds' };
  if (/^product not found$/i.test(text)) return { reason: 'unknown_product' };
  if (/^(cancel only mode|limit only mode|trading pair not available)$/i.test(text)) {
    return { reason: 'product_restricted' };
  }
  match = /^requires (\w+)$/i.exec(text);
  if (match) return { reason: 'missing_field', field: lower(match[1]) };
  if (/duplicate.*client_?oid|client_?oid.*(duplicate|already|exists|in use)/i.test(text)) {
    return { reason: 'duplicate_client_oid', field: 'client_oid' };
  }
  match = /^invalid (order_type|side|time_in_force|client_oid|stp|cancel_after|stop)\b/i.exec(text);
  if (match) return { reason: 'invalid_field', field: lower(match[1]) };
  match = /^(\w+) must be a (?:number|string|boolean)/i.exec(text);
  if (match) return { reason: 'invalid_field', field: lower(match[1]) };
  if (/^invalid (order id|id namespace)$/i.test(text)) return { reason: 'invalid_order_id' };
  if (/^order already done$/i.test(text)) return { reason: 'order_already_done' };
  if (/open orders/i.test(text)) return { reason: 'open_order_limit' };
  return { reason: 'unknown' };
}

function lower(value: string | undefined): string {
  return (value ?? '').toLowerCase();
}

/**
 * Placing an order, and reading or canceling one order, answer 400s with order rejections; every
 * other endpoint (the order list and cancel-all included) with plain bad requests.
 */
function isOrderOperation(method: string, path: string): boolean {
  return (
    (method === 'POST' && (path === '/orders' || path.startsWith('/orders?'))) || path.startsWith('/orders/')
  );
}

/** True for Coinbase's error shape, a JSON object with a string `message`. */
function isExchangeErrorBody(bodyText: string): boolean {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { message?: unknown }).message === 'string'
    );
  } catch {
    return false;
  }
}

function quoted(message: string | undefined): string {
  return message === undefined ? 'no message' : JSON.stringify(message);
}

/** Turns a non-2xx response into the typed error for its status and message. */
export function errorFromResponse(response: FailedResponse): RestError {
  const { method, path, status } = response;
  const exchangeMessage = exchangeMessageOf(response.bodyText);
  const details: RestErrorDetails = { method, path, status, exchangeMessage };
  const head = `${method} ${path} failed with ${status} ${quoted(exchangeMessage)}`;

  // A refusal of a placement is final only when the exchange itself wrote it: a gateway's page
  // (HTML, empty, anything but Coinbase's JSON) says nothing about whether the order went through.
  if (
    method === 'POST' &&
    (path === '/orders' || path.startsWith('/orders?')) &&
    status >= 400 &&
    status < 500 &&
    status !== 429 &&
    !isExchangeErrorBody(response.bodyText)
  ) {
    return new UnexpectedResponseError(
      `${head}: expected Coinbase's JSON error body ({"message": ...}), received one that cannot be read, which does not say whether the order was placed`,
      details,
    );
  }
  const authenticationReason = authenticationReasonOf(exchangeMessage);
  if (status === 401 || ((status === 400 || status === 403) && authenticationReason !== undefined)) {
    const reason = authenticationReason ?? 'unauthorized';
    return new AuthenticationError(reason, `${head}: ${authenticationHint(reason)}`, details);
  }
  if (status === 400 && isOrderOperation(method, path)) {
    const parsed = parseOrderRejection(exchangeMessage);
    return new InvalidOrderError(
      parsed,
      `${head}: the exchange refused the order (${parsed.reason})`,
      details,
    );
  }
  return errorOfStatus(response, head, details, exchangeWording);
}

/** How one API names itself in the errors every Coinbase API answers alike. */
export interface ErrorWording {
  /** Who refused, as the subject of a sentence: `the exchange`, `Advanced Trade`. */
  api: string;
  /** What a 403 says was expected. */
  permissionExpected: string;
}

const exchangeWording: ErrorWording = {
  api: 'the exchange',
  permissionExpected: 'an API key with the permission this endpoint needs (view, trade or transfer)',
};

/**
 * The typed error of a status both APIs answer alike: 403 → {@link PermissionError}, 404 →
 * {@link NotFoundError}, 429 → {@link RateLimitedError}, 5xx → {@link ServerError}, 400 →
 * {@link BadRequestError}, anything else → {@link UnexpectedResponseError}.
 */
export function errorOfStatus(
  response: FailedResponse,
  head: string,
  details: RestErrorDetails,
  wording: ErrorWording,
): RestError {
  const { status } = response;
  const { api } = wording;
  if (status === 403) return new PermissionError(`${head}: expected ${wording.permissionExpected}`, details);
  if (status === 404) return new NotFoundError(`${head}: ${api} has no such resource`, details);
  if (status === 429) {
    return new RateLimitedError(
      `${head}: ${api}'s rate limit refused the request; slow down or keep the client's rate limiter on`,
      details,
      response.retryAfterMs,
    );
  }
  if (status >= 500) {
    return new ServerError(
      `${head}: ${api} failed; the request may or may not have taken effect`,
      details,
      response.retryAfterMs,
    );
  }
  if (status === 400) return new BadRequestError(`${head}: ${api} refused a parameter`, details);
  return new UnexpectedResponseError(`${head}: expected 2xx or a documented error status`, details);
}
