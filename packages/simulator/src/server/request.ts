import type { IncomingMessage } from 'node:http';

/** The query of a request: repeated keys kept, axios-style `key[]` read as `key`. */
export class QueryParameters {
  readonly #rawQuery: string;
  // Parsed on first read: most requests (order placements and cancels) never look at their query.
  #parsed: URLSearchParams | undefined;

  constructor(rawQuery: string) {
    this.#rawQuery = rawQuery;
  }

  get #params(): URLSearchParams {
    this.#parsed ??= new URLSearchParams(this.#rawQuery);
    return this.#parsed;
  }

  /** The first value of `name` (or `name[]`), undefined when absent. */
  get(name: string): string | undefined {
    return this.#params.get(name) ?? this.#params.get(`${name}[]`) ?? undefined;
  }

  /** Every value of `name` and `name[]`, in order. */
  getAll(name: string): string[] {
    return [...this.#params.getAll(name), ...this.#params.getAll(`${name}[]`)];
  }
}

/** A request target split into its path and raw query, exactly as sent. */
export interface RequestTarget {
  /** The raw target, the text a client signs. */
  raw: string;
  path: string;
  rawQuery: string;
}

/** Splits `req.url`; an absolute-form target (`http://host/path`) is reduced to its path. */
export function splitTarget(rawUrl: string): RequestTarget {
  let raw = rawUrl;
  if (!raw.startsWith('/')) {
    const schemeEnd = raw.indexOf('://');
    const pathStart = schemeEnd < 0 ? -1 : raw.indexOf('/', schemeEnd + 3);
    raw = pathStart < 0 ? '/' : raw.slice(pathStart);
  }
  const queryStart = raw.indexOf('?');
  if (queryStart < 0) return { raw, path: raw, rawQuery: '' };
  return { raw, path: raw.slice(0, queryStart), rawQuery: raw.slice(queryStart + 1) };
}

/** A body read whole, or a refusal because it is larger than allowed. */
export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

const emptyBody = Buffer.alloc(0);

/** Reads the request body up to `maxBytes`, stopping as soon as it is known to be too large. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const lengthHeader = request.headers['content-length'];
  const declared = Number(lengthHeader);
  if (Number.isFinite(declared) && declared > maxBytes)
    return Promise.resolve({ ok: false, reason: 'too-large' });
  // No Content-Length and no Transfer-Encoding (or a zero length) means no body in HTTP/1.1:
  // skip the wait for 'end' (Node discards the empty stream itself when the response ends).
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (request.readableEnded || (!chunked && (lengthHeader === undefined || declared === 0))) {
    return Promise.resolve({ ok: true, bytes: emptyBody });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: BodyRead) => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      settle({ ok: true, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) });
    const onError = () => settle({ ok: false, reason: 'aborted' });
    const onAborted = () => settle({ ok: false, reason: 'aborted' });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}

/** Tolerates ccxt's unified symbols (`BTC/USD`) where Coinbase expects product ids (`BTC-USD`). */
export function normalizeProductId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.includes('/') ? value.replace('/', '-') : value;
}

/**
 * Why a request body cannot be read as JSON by its `Content-Type` (`application/json`, any
 * charset), or undefined when it can or there is no body. Each pipeline answers this with 415 in
 * its own error shape.
 */
export function unsupportedContentType(
  method: string,
  contentType: string | undefined,
  bytes: Buffer,
): string | undefined {
  if (method === 'GET' || bytes.length === 0) return undefined;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return undefined;
  return `Unsupported Media Type: expected Content-Type application/json, received ${
    contentType === undefined ? 'none' : JSON.stringify(contentType.slice(0, 100))
  }`;
}
