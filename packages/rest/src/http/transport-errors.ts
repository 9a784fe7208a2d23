import {
  AbortedError,
  NetworkError,
  ResponseTooLargeError,
  RestError,
  type RestErrorDetails,
  TimeoutError,
} from '../errors.js';
import { TransportFailure } from './transport.js';

/**
 * A failure before any status arrived, as the typed error both requesters throw: aborted by the
 * caller, timed out, a response over the size cap, or a network failure (the last two may have taken effect). A `RestError`
 * passes through; anything else is not a failure of the exchange or the network (a bug, say) and
 * is rethrown as it is.
 */
export function restErrorOfTransport(
  error: unknown,
  details: RestErrorDetails,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  requestSent: boolean,
  maxResponseBytes?: number,
): RestError {
  if (RestError.isInstance(error)) return error;
  const head = `${details.method} ${details.path}`;
  if (signal?.aborted || (error instanceof TransportFailure && error.kind === 'aborted')) {
    return new AbortedError(
      `${head}: aborted by the caller's signal ${requestSent ? 'after the request was sent (it may have taken effect)' : 'before the request was sent'}`,
      { ...details, cause: signal?.reason },
      requestSent,
    );
  }
  if (error instanceof TransportFailure && error.kind === 'too-large') {
    return new ResponseTooLargeError(
      `${head}: expected a response of at most ${maxResponseBytes ?? 'the configured'} bytes (maxResponseBytes), received more; the connection was closed and the request may or may not have taken effect`,
      details,
      maxResponseBytes ?? Number.NaN,
    );
  }
  if (error instanceof TransportFailure && error.kind === 'timeout') {
    return new TimeoutError(
      `${head}: expected a complete response within ${timeoutMs} ms, received none; the request may or may not have taken effect`,
      details,
      timeoutMs,
    );
  }
  if (error instanceof TransportFailure) {
    return new NetworkError(
      `${head}: the connection failed (${error.message}); the request may or may not have taken effect`,
      {
        ...details,
        cause: error.cause ?? error,
      },
    );
  }
  throw error;
}

/** A custom transport may reject with anything; whatever is not a TransportFailure is a network failure. */
export function asTransportFailure(error: unknown): never {
  if (error instanceof TransportFailure) throw error;
  throw new TransportFailure('network', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
