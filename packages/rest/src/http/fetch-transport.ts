import { type Clock, systemClock } from '@tradeloop/clock';
import { type HttpRequest, type HttpResponse, type HttpTransport, TransportFailure } from './transport.js';

/**
 * A transport over the global `fetch` (undici in Node), for runtimes without `node:http` or to
 * compare. Slower than {@link NodeHttpTransport} in Node 20 (see the README's numbers).
 */
export class FetchTransport implements HttpTransport {
  readonly #clock: Clock;

  /** `clock`: the clock request timeouts run on. Default `systemClock`. */
  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const { signal } = request;
    if (signal?.aborted) {
      throw new TransportFailure('aborted', 'aborted before sending', { cause: signal.reason });
    }
    const controller = new AbortController();
    let failure: TransportFailure | undefined;
    const cancelTimeout = this.#clock.setTimer(request.timeoutMs, () => {
      failure = new TransportFailure('timeout', `no complete response within ${request.timeoutMs} ms`);
      controller.abort();
    });
    const onAbort = () => {
      failure = new TransportFailure('aborted', 'aborted by the caller', { cause: signal?.reason });
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetch(`${request.origin}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: controller.signal,
      });
      const body = await response.text();
      const headers = response.headers;
      return { status: response.status, body, header: (name) => headers.get(name) ?? undefined };
    } catch (error) {
      if (failure) throw failure;
      throw new TransportFailure('network', describeFetchFailure(error), { cause: error });
    } finally {
      cancelTimeout();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') {
    return `${cause.code}: ${typeof cause.message === 'string' ? cause.message : 'fetch failed'}`;
  }
  return error instanceof Error ? error.message : String(error);
}
