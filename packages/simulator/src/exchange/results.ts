import type { ExchangeFailure } from './contract.js';

/** A refused request: the HTTP status and Coinbase's message text. */
export const failure = (
  status: ExchangeFailure['status'],
  message: string,
): { ok: false; error: ExchangeFailure } => ({
  ok: false,
  error: { status, message },
});

/** A request that succeeded with `value`. */
export const success = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
