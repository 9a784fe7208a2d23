import { ClientOptionsError } from './errors.js';

/**
 * How idempotent requests (GET, and DELETE of one order) are retried after 429, 5xx, network
 * failures and timeouts. Order placement is never retried this way (see `order-placement.ts`).
 */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts?: number;
  /** Backoff before the first retry, in ms; doubles each retry. Default 250. */
  baseDelayMs?: number;
  /** Longest backoff, and longest `Retry-After` honoured; a longer `Retry-After` ends the retries. Default 10 000. */
  maxDelayMs?: number;
}

/** Retry options with every field decided. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Defaults: 4 attempts, 250 ms doubling, capped at 10 s. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

/** The policy for `retry: false` (one attempt). */
export const NO_RETRY_POLICY: Readonly<RetryPolicy> = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/**
 * Fills in a retry policy.
 * @throws {ClientOptionsError} for a non-positive attempt count or negative delays.
 */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...NO_RETRY_POLICY };
  const policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options ?? {}) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ClientOptionsError(
      'retry.maxAttempts',
      `expected an integer ≥ 1, received ${policy.maxAttempts}`,
    );
  }
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0) {
      throw new ClientOptionsError(`retry.${name}`, `expected a finite number ≥ 0, received ${policy[name]}`);
    }
  }
  return policy;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/**
 * The wait before retry number `retry` (1 = the first retry): exponential with "equal jitter",
 * half fixed and half random, so waits grow for sure yet clients that failed together spread out.
 * A `Retry-After` from the exchange is a floor.
 *
 * @returns the wait in ms, or `undefined` when the exchange asked for a longer wait than
 *   `maxDelayMs` (the caller should give up rather than stall silently).
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}

/**
 * Parses a `Retry-After` header: delay-seconds (`"2"`, decimals tolerated) or an HTTP date.
 * @returns milliseconds to wait (≥ 0), or `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
