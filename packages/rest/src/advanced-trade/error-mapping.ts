import {
  type ErrorWording,
  errorOfStatus,
  exchangeMessageOf,
  type FailedResponse,
} from '../error-mapping.js';
import { AuthenticationError, type RestError, type RestErrorDetails } from '../errors.js';

const advancedTradeWording: ErrorWording = {
  api: 'Advanced Trade',
  permissionExpected: 'a key with the scope this endpoint needs (view or trade)',
};

/** Advanced Trade's error code (`error`) from `{error, message, error_details}`, when the body has one. */
export function errorCodeOf(bodyText: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    const code =
      typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
    return typeof code === 'string' && code !== '' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns a non-2xx Advanced Trade response into the shared typed errors: 401 (a bare
 * `Unauthorized`, whatever was wrong with the JWT) → {@link AuthenticationError}, 403 →
 * {@link PermissionError}, 404 → {@link NotFoundError}, 429 → {@link RateLimitedError}, 5xx →
 * {@link ServerError}, 400 → {@link BadRequestError} carrying the `error` code in its message.
 */
export function advancedTradeErrorFromResponse(response: FailedResponse): RestError {
  const { method, path, status } = response;
  const exchangeMessage = exchangeMessageOf(response.bodyText);
  const code = errorCodeOf(response.bodyText);
  const details: RestErrorDetails = { method, path, status, exchangeMessage };
  const head = `${method} ${path} failed with ${status}${code ? ` ${code}` : ''} ${exchangeMessage === undefined ? '(no message)' : JSON.stringify(exchangeMessage)}`;
  if (status === 401) {
    return new AuthenticationError(
      'unauthorized',
      `${head}: Advanced Trade refused the JWT; expected a CDP key name "organizations/{org_id}/apiKeys/{key_id}" with its EC P-256 private key (PEM with real newlines), not an Exchange key, and a machine clock within seconds of real time`,
      details,
    );
  }
  return errorOfStatus(response, head, details, advancedTradeWording);
}
