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
      const body = await readBody(response, request.maxResponseBytes, () => {
        failure = new TransportFailure(
          'too-large',
          `the response body exceeds ${request.maxResponseBytes} bytes; the connection was closed`,
        );
        controller.abort();
      });
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

/** The body as text; calls `tooLarge` (which aborts, so the read throws) past `limit` bytes. */
async function readBody(
  response: Response,
  limit: number | undefined,
  tooLarge: () => void,
): Promise<string> {
  if (limit === undefined || response.body === null) return response.text();
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) tooLarge();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      tooLarge();
      await reader.cancel();
      throw new Error('response body too large');
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(whole);
}

function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') {
    return `${cause.code}: ${typeof cause.message === 'string' ? cause.message : 'fetch failed'}`;
  }
  return error instanceof Error ? error.message : String(error);
}
