import type { Reply } from '../router.js';

/**
 * Advanced Trade's error body: `{error, error_details, message}` (Coinbase's SDKs and ccxt read
 * these three fields). `error` is a code such as `INVALID_ARGUMENT`, `NOT_FOUND`, `PERMISSION_DENIED`.
 */
export function advancedTradeError(status: number, error: string, message: string, details = message): Reply {
  return { status, body: { error, error_details: details, message } };
}

/** 400 for a request the simulator cannot read. */
export function invalidArgument(message: string): Reply {
  return advancedTradeError(400, 'INVALID_ARGUMENT', message);
}

/** 403 for a key without the scope a route needs (text from Coinbase's TypeScript SDK's error handling). */
export const missingScopes: Reply = advancedTradeError(403, 'PERMISSION_DENIED', 'Missing required scopes');

/** 404 for an unknown route or resource. */
export function advancedTradeNotFound(what = 'Not Found'): Reply {
  return advancedTradeError(404, 'NOT_FOUND', what);
}

/** The body ccxt's `coinbase` class recognises as "order not found" (its `broad` exception table). */
export const orderNotFound: Reply = advancedTradeError(
  404,
  'unknown',
  'order with this orderID was not found',
);

/** 429 when a rate-limit bucket is empty. */
export const rateLimited: Reply = advancedTradeError(429, 'rate_limit_exceeded', 'Too many requests');

/** The plain-text body of Coinbase's 401 for any JWT problem (the gateway says nothing more). */
export const UNAUTHORIZED_BODY = 'Unauthorized\n';

/** Reads `limit`: a positive integer up to `max`, or `fallback` when absent. */
export function readLimit(value: string | undefined, fallback: number, max: number): number | Reply {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    return invalidArgument(`limit: expected a positive integer, received "${value}"`);
  return Math.min(max, Number(value));
}

/**
 * One page of `items` after the opaque `cursor` (the index of the next item, as text), with
 * Advanced Trade's `has_next` and `cursor` fields. Lists whose newest items come first and grow
 * at the front page by item identity instead (see the orders route).
 */
export function pageByOffset<T>(
  items: readonly T[],
  cursor: string | undefined,
  limit: number,
): { ok: true; page: T[]; hasNext: boolean; cursor: string } | { ok: false; reply: Reply } {
  const start = cursor === undefined || cursor === '' ? 0 : Number(cursor);
  if (!Number.isInteger(start) || start < 0)
    return { ok: false, reply: invalidArgument('cursor: unknown cursor') };
  const page = items.slice(start, start + limit);
  const hasNext = start + limit < items.length;
  return { ok: true, page, hasNext, cursor: hasNext ? String(start + limit) : '' };
}
