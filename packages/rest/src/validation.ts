import { InvalidRequestError } from './errors.js';

/** Where a refused argument was headed, for the error's method and path. */
export interface RequestTarget {
  method: string;
  /** The endpoint's path template, e.g. `/orders/{order_id}`. */
  path: string;
}

/** Standard decimal form as Coinbase wants it: no sign, exponent or leading zeros. */
const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Describes a value by its kind, never echoing it whole (it may be anything the caller passed). */
export function describeArgument(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value === '') return 'an empty string';
  if (typeof value === 'string')
    return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

/** Throws the typed "refused before I/O" error. */
export function refuse(target: RequestTarget, message: string): never {
  throw new InvalidRequestError(`${target.method} ${target.path}: ${message}`, {
    method: target.method,
    path: target.path,
  });
}

/** A non-empty string id (order id, account id, product id...). */
export function requireId(target: RequestTarget, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    refuse(target, `expected ${name} as a non-empty string, received ${describeArgument(value)}`);
  }
  return value;
}

/** A UUID, with or without dashes (Coinbase accepts both). */
export function requireUuid(target: RequestTarget, name: string, value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    refuse(target, `expected ${name} as a UUID, received ${describeArgument(value)}`);
  }
  return value;
}

/**
 * A money value as a string in standard decimal form (`"0.015"`, `"64321.12"`). Numbers are
 * refused: a binary float cannot carry a price exactly, and Coinbase rejects `1e-8` and `00.5`.
 */
export function requireDecimal(target: RequestTarget, name: string, value: unknown): string {
  if (typeof value === 'number') {
    refuse(
      target,
      `expected ${name} as a decimal string such as "${Number.isFinite(value) ? safeExample(value) : '0.01'}", received the number ${value}; money never travels as a JS number`,
    );
  }
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    refuse(
      target,
      `expected ${name} as a decimal string in standard form (digits, one optional ".", no sign, exponent or leading zeros), received ${describeArgument(value)}`,
    );
  }
  return value;
}

function safeExample(value: number): string {
  const text = String(value);
  return DECIMAL.test(text) ? text : '0.01';
}

/** One of a fixed set of strings. */
export function requireOneOf<T extends string>(
  target: RequestTarget,
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    refuse(
      target,
      `expected ${name} to be one of ${allowed.join(', ')}, received ${describeArgument(value)}`,
    );
  }
  return value as T;
}

/** A page size: an integer from 1 to 1000. */
export function requireLimit(target: RequestTarget, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
    refuse(target, `expected limit as an integer from 1 to 1000, received ${describeArgument(value)}`);
  }
  return value;
}
