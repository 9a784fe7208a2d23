import { describe, expect, it } from 'vitest';
import recorded from './__fixtures__/coinbase-error-responses.json' with { type: 'json' };
import { errorFromResponse, exchangeMessageOf, parseOrderRejection } from './error-mapping.js';
import {
  AuthenticationError,
  BadRequestError,
  InvalidOrderError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  RestError,
  ServerError,
  UnexpectedResponseError,
} from './errors.js';

const classes: Record<string, typeof RestError> = {
  AuthenticationError,
  BadRequestError,
  InvalidOrderError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ServerError,
  UnexpectedResponseError,
} as unknown as Record<string, typeof RestError>;

describe('errorFromResponse over recorded Coinbase error payloads', () => {
  it.each(recorded.cases)('$status $body on $method $path', (sample) => {
    const error = errorFromResponse({
      method: sample.method,
      path: sample.path,
      status: sample.status,
      bodyText: sample.body,
    });
    const expectedClass = classes[sample.expected.class] as typeof RestError;
    expect(error.name).toBe(sample.expected.class);
    expect(expectedClass.isInstance(error)).toBe(true);
    expect(RestError.isInstance(error)).toBe(true);
    expect(error.method).toBe(sample.method);
    expect(error.path).toBe(sample.path);
    expect(error.status).toBe(sample.status);
    const expected = sample.expected as { reason?: string; field?: string; limit?: string };
    if (expected.reason !== undefined) expect((error as InvalidOrderError).reason).toBe(expected.reason);
    if (expected.field !== undefined) expect((error as InvalidOrderError).field).toBe(expected.field);
    if (expected.limit !== undefined) expect((error as InvalidOrderError).limit).toBe(expected.limit);
    // The message names the request and quotes Coinbase, so a log line is enough to act on.
    expect(error.message).toContain(`${sample.method} ${sample.path} failed with ${sample.status}`);
  });

  it('marks exactly 429, 5xx as retryable among HTTP statuses', () => {
    const retryable = recorded.cases
      .map((sample) =>
        errorFromResponse({
          method: sample.method,
          path: sample.path,
          status: sample.status,
          bodyText: sample.body,
        }),
      )
      .filter((error) => error.isRetryable)
      .map((error) => error.status);
    expect(new Set(retryable)).toEqual(new Set([429, 500, 503]));
  });

  it('keeps Retry-After on rate-limit and server errors', () => {
    const error = errorFromResponse({
      method: 'GET',
      path: '/accounts',
      status: 429,
      bodyText: '{"message":"Private rate limit exceeded"}',
      retryAfterMs: 1_000,
    });
    expect((error as RateLimitedError).retryAfterMs).toBe(1_000);
  });

  it('reads a duplicate client_oid refusal as such (the order exists)', () => {
    const error = errorFromResponse({
      method: 'POST',
      path: '/orders',
      status: 400,
      bodyText: '{"message":"duplicate client_oid"}',
    });
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect((error as InvalidOrderError).reason).toBe('duplicate_client_oid');
  });

  it('does not take a placement refusal it cannot read for a refusal', () => {
    for (const bodyText of ['<html>Bad Request</html>', '', '{"error":"x"}']) {
      const error = errorFromResponse({ method: 'POST', path: '/orders', status: 400, bodyText });
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toMatch(/does not say whether the order was placed/);
    }
    // Elsewhere an unreadable 400 stays a bad request.
    expect(
      errorFromResponse({ method: 'GET', path: '/accounts', status: 400, bodyText: '<html>' }),
    ).toBeInstanceOf(BadRequestError);
  });

  it('serializes to JSON with the request facts and nothing else', () => {
    const error = errorFromResponse({
      method: 'POST',
      path: '/orders',
      status: 400,
      bodyText: '{"message":"Insufficient funds"}',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'InvalidOrderError',
      code: 'invalid_order',
      message: error.message,
      method: 'POST',
      path: '/orders',
      status: 400,
      exchangeMessage: 'Insufficient funds',
      isRetryable: false,
    });
  });
});

describe('exchangeMessageOf', () => {
  it('reads {message}, falls back to trimmed text, and shortens long pages', () => {
    expect(exchangeMessageOf('{"message":"NotFound"}')).toBe('NotFound');
    expect(exchangeMessageOf('  Bad Gateway \n')).toBe('Bad Gateway');
    expect(exchangeMessageOf('')).toBeUndefined();
    expect(exchangeMessageOf('{"error":"x"}')).toBe('{"error":"x"}');
    expect(exchangeMessageOf('x'.repeat(1000))?.length).toBe(301);
  });
});

describe('parseOrderRejection', () => {
  it('falls back to unknown for texts it does not know', () => {
    expect(parseOrderRejection('Something new')).toEqual({ reason: 'unknown' });
    expect(parseOrderRejection(undefined)).toEqual({ reason: 'unknown' });
  });
});
