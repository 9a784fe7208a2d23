/** A query parameter value: repeated for arrays (`status=open&status=pending`), left out when undefined. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

/** Query parameters in the order they are to be sent. */
export type QueryParams = Readonly<Record<string, QueryValue>>;

/**
 * Encodes query parameters once, into the exact string that is both signed and sent: `?a=1&b=2`,
 * or `''` when nothing is left. Keys keep their insertion order; arrays repeat the key, the way
 * Coinbase reads `status`; every key and value is percent-encoded with `encodeURIComponent`.
 */
export function encodeQuery(params: QueryParams | undefined): string {
  if (params === undefined) return '';
  let query = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number | boolean)[]) query += pair(key, item);
    } else {
      query += pair(key, value as string | number | boolean);
    }
  }
  return query === '' ? '' : `?${query.slice(1)}`;
}

function pair(key: string, value: string | number | boolean): string {
  return `&${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
}

/** One path segment, percent-encoded, so an id can never add a `/`, `?` or `#` of its own. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}
