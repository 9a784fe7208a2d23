import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ServerError,
  UnexpectedResponseError,
} from '../errors.js';
import { advancedTradeErrorFromResponse, errorCodeOf } from './error-mapping.js';
import { AdvancedTradeOrderRejectedError } from './errors.js';

const at = (status: number, bodyText: string, retryAfterMs?: number) =>
  advancedTradeErrorFromResponse({
    method: 'GET',
    path: '/api/v3/brokerage/accounts',
    status,
    bodyText,
    retryAfterMs,
  });

describe('advancedTradeErrorFromResponse', () => {
  it('maps each status to the shared typed error, keeping Advanced Trade code and message', () => {
    const unauthorized = at(401, 'Unauthorized\n');
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect(unauthorized).toMatchObject({
      reason: 'unauthorized',
      exchangeMessage: 'Unauthorized',
      isRetryable: false,
    });
    const scopes = at(
      403,
      '{"error":"PERMISSION_DENIED","error_details":"Missing required scopes","message":"Missing required scopes"}',
    );
    expect(scopes).toBeInstanceOf(PermissionError);
    expect(scopes.message).toContain('PERMISSION_DENIED "Missing required scopes"');
    expect(at(404, '{"error":"NOT_FOUND","message":"x"}')).toBeInstanceOf(NotFoundError);
    expect(at(429, '{"error":"rate_limit_exceeded","message":"Too many requests"}', 1500)).toMatchObject({
      retryAfterMs: 1500,
      isRetryable: true,
    });
    expect(at(429, '')).toBeInstanceOf(RateLimitedError);
    expect(at(503, '<html>busy</html>')).toBeInstanceOf(ServerError);
    const invalid = at(400, '{"error":"INVALID_ARGUMENT","error_details":"limit","message":"limit: bad"}');
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect(invalid.message).toContain('INVALID_ARGUMENT');
    expect(at(418, '')).toBeInstanceOf(UnexpectedResponseError);
  });

  it('reads the error code only from JSON bodies that have one', () => {
    expect(errorCodeOf('{"error":"INVALID_ARGUMENT"}')).toBe('INVALID_ARGUMENT');
    expect(errorCodeOf('{"message":"no code"}')).toBeUndefined();
    expect(errorCodeOf('Unauthorized')).toBeUndefined();
  });
});

describe('AdvancedTradeOrderRejectedError', () => {
  const details = { method: 'POST', path: '/api/v3/brokerage/orders', status: 200 };

  it('maps new-order failure codes and preview reasons to the shared order reasons', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ error: 'INSUFFICIENT_FUND' }, 'insufficient_funds'],
      [{ error: 'INVALID_PRICE_PRECISION' }, 'precision'],
      [{ error: 'INVALID_LIMIT_PRICE_POST_ONLY' }, 'post_only'],
      [{ error: 'INVALID_PRODUCT_ID' }, 'unknown_product'],
      [
        { error: 'INVALID_REQUEST', preview_failure_reason: 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL' },
        'minimum',
      ],
      [{ error: 'SOMETHING_NEW' }, 'unknown'],
    ];
    for (const [response, reason] of cases) {
      const error = new AdvancedTradeOrderRejectedError(response, 'UNKNOWN_FAILURE_REASON', 'cid-1', details);
      expect(error.reason).toBe(reason);
      expect(error.errorCode).toBe(response.error);
      expect(error.message).toContain('cid-1');
      expect(error.message).toContain('it was not placed');
    }
  });

  it('falls back to the deprecated failure_reason when there is no error_response', () => {
    const error = new AdvancedTradeOrderRejectedError(
      undefined,
      'UNSUPPORTED_ORDER_CONFIGURATION',
      'cid-2',
      details,
    );
    expect(error).toMatchObject({ errorCode: 'UNSUPPORTED_ORDER_CONFIGURATION', reason: 'invalid_field' });
    expect(error.toJSON()).toMatchObject({
      errorCode: 'UNSUPPORTED_ORDER_CONFIGURATION',
      clientOrderId: 'cid-2',
    });
  });
});
