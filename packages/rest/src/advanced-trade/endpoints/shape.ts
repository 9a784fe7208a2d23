/** Small shape checks for 2xx bodies: a wrong shape is an `UnexpectedResponseError`, not a crash later. */

/** The body as an object, or a thrown message. */
export function objectOf(data: unknown, what: string): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(
      `expected ${what} as a JSON object, received ${Array.isArray(data) ? 'an array' : typeof data}`,
    );
  }
  return data as Record<string, unknown>;
}

/** `body[field]` as an array. */
export function arrayField<T>(data: unknown, field: string, what: string): T[] {
  const value = objectOf(data, what)[field];
  if (!Array.isArray(value))
    throw new Error(`expected ${what}.${field} as an array, received ${typeof value}`);
  return value as T[];
}

/** `body[field]` as an object. */
export function objectField<T>(data: unknown, field: string, what: string): T {
  return objectOf(objectOf(data, what)[field], `${what}.${field}`) as T;
}

/** The next-page cursor of a `{has_next, cursor}` body (undefined on the last page). */
export function nextCursor(data: unknown): string | undefined {
  const body = objectOf(data, 'the page');
  const cursor = body.cursor;
  if (body.has_next === false) return undefined;
  return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}

/** The Advanced Trade REST path prefix. */
export const BROKERAGE = '/api/v3/brokerage';
