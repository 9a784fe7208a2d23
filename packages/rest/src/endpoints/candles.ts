import { CANDLE_GRANULARITIES, candleWindows, mergeCandles, parseCandles } from '../candles.js';
import { pathSegment } from '../http/query.js';
import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { CandleRequest, CandleWire } from '../types/products.js';
import { type RequestTarget, refuse, requireId } from '../validation.js';

const target: RequestTarget = { method: 'GET', path: '/products/{product_id}/candles' };

/**
 * `GET /products/{product_id}/candles` (public), newest first. A range longer than Coinbase's 300
 * buckets is fetched as several requests (newest first) and merged, one candle per bucket.
 */
export async function getProductCandles(
  requester: Requester,
  productId: string,
  request: CandleRequest,
  call?: CallOptions,
): Promise<CandleWire[]> {
  const path = `/products/${pathSegment(requireId(target, 'productId', productId))}/candles`;
  const granularity = request?.granularity;
  if (!(CANDLE_GRANULARITIES as readonly number[]).includes(granularity)) {
    refuse(
      target,
      `expected granularity to be one of ${CANDLE_GRANULARITIES.join(', ')} seconds, received ${String(granularity)}`,
    );
  }
  const fetchWindow = async (query: { start?: string; end?: string }) =>
    (
      await requester.send<CandleWire[]>(
        {
          method: 'GET',
          path,
          query: { granularity, ...query },
          access: 'public',
          bucket: 'public',
          resend: 'idempotent',
          parse: parseCandles,
        },
        call,
      )
    ).data;

  if (request.start === undefined && request.end === undefined) return fetchWindow({});
  const bucketMs = granularity * 1000;
  const endMs = request.end === undefined ? requester.config.clock.now() : timeOf('end', request.end);
  const startMs = request.start === undefined ? endMs - 300 * bucketMs : timeOf('start', request.start);
  if (startMs > endMs) {
    refuse(target, `expected start at or before end, received start ${iso(startMs)} after end ${iso(endMs)}`);
  }
  const batches: CandleWire[][] = [];
  for (const window of candleWindows(startMs, endMs, granularity)) {
    batches.push(await fetchWindow({ start: iso(window.startMs), end: iso(window.endMs) }));
  }
  return batches.length === 1 ? (batches[0] as CandleWire[]) : mergeCandles(batches);
}

function timeOf(name: string, value: string | Date): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    refuse(target, `expected ${name} as an ISO-8601 string or a Date, received ${describe(value)}`);
  }
  return ms;
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.slice(0, 40))
    : value instanceof Date
      ? 'an invalid Date'
      : `a ${typeof value}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
