import type { ExchangeApi } from '../../exchange/contract.js';
import { failure, fromResult } from '../replies.js';
import type { QueryParameters } from '../request.js';
import type { Reply } from '../router.js';

/** The only bucket sizes Coinbase serves, in seconds. */
export const candleGranularities: ReadonlySet<number> = new Set([60, 300, 900, 3600, 21600, 86400]);

/** Most buckets one request may span; one more is a 400, not a truncation. */
export const maxCandleBuckets = 300;

/**
 * `GET /products/{id}/candles?granularity&start&end`. Start and end are ISO-8601 or epoch seconds;
 * when either is missing both are ignored and the latest 300 buckets are served.
 */
export function candlesReply(exchange: ExchangeApi, productId: string, query: QueryParameters): Reply {
  if (!exchange.product(productId)) return failure(404, 'NotFound');
  const granularityText = query.get('granularity');
  const granularity = granularityText === undefined || granularityText === '' ? 60 : Number(granularityText);
  if (!candleGranularities.has(granularity)) return failure(400, 'Unsupported granularity');
  const startText = query.get('start');
  const endText = query.get('end');
  let startSeconds: number;
  let endSeconds: number;
  if (startText && endText) {
    const start = parseTime(startText);
    if (start === undefined) return failure(400, 'Invalid start');
    const end = parseTime(endText);
    if (end === undefined) return failure(400, 'Invalid end');
    if (end < start) return failure(400, 'start must be before end');
    if ((end - start) / granularity > maxCandleBuckets) {
      return failure(
        400,
        'granularity too small for the requested time range. Count of aggregations requested exceeds 300',
      );
    }
    startSeconds = start;
    endSeconds = end;
  } else {
    endSeconds = Math.floor(exchange.now() / 1000);
    startSeconds = endSeconds - maxCandleBuckets * granularity;
  }
  return fromResult(exchange.candles(productId, granularity, startSeconds, endSeconds));
}

/** ISO-8601 text or epoch seconds, to epoch seconds. */
function parseTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parsedMs = Date.parse(text);
  return Number.isNaN(parsedMs) ? undefined : parsedMs / 1000;
}
