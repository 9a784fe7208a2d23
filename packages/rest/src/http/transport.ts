/** One HTTP request, ready to go: the body is the exact string that was signed. */
export interface HttpRequest {
  method: string;
  /** Scheme, host and port, e.g. `https://api.exchange.coinbase.com` (no trailing slash). */
  origin: string;
  /** Path and query as sent, e.g. `/orders?status=open`. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Fail with a `timeout` {@link TransportFailure} when no complete response arrives in time. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /**
   * Fail with a `too-large` {@link TransportFailure}, closing the connection, as soon as the
   * response body is known to exceed this many bytes. Absent: no limit.
   */
  maxResponseBytes?: number;
}

/** A complete HTTP response: status, body text and header lookup. */
export interface HttpResponse {
  status: number;
  body: string;
  /** A response header by lower-case name. */
  header(name: string): string | undefined;
}

/**
 * Sends HTTP requests for the client. The default is {@link NodeHttpTransport}; implement this to
 * run elsewhere or to add instrumentation. Failures must reject with a {@link TransportFailure}
 * (anything else is taken as a network failure).
 */
export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Releases pooled connections. */
  close?(): void;
}

/**
 * Why no response arrived: the time ran out, the caller aborted, the network failed, or the body
 * was larger than `maxResponseBytes`.
 */
export type TransportFailureKind = 'timeout' | 'aborted' | 'network' | 'too-large';

/** The one error a transport rejects with; the client turns it into a typed `RestError`. */
export class TransportFailure extends Error {
  readonly kind: TransportFailureKind;

  constructor(kind: TransportFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportFailure';
    this.kind = kind;
  }
}
