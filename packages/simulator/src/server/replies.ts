import type { CursorPage, CursorPageRequest, Result } from '../exchange/contract.js';
import type { QueryParameters } from './request.js';
import type { Reply } from './router.js';

/** 200 with a JSON body. */
export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status: 200, body } : { status: 200, body, headers };
}

/** Coinbase's error shape: the status and `{"message": ...}`. */
export function failure(status: number, message: string): Reply {
  return { status, body: { message } };
}

/** 404 `{"message":"NotFound"}`, Coinbase's answer for unknown routes and resources. */
export const notFound: Reply = failure(404, 'NotFound');

/** Turns an exchange result into a reply. */
export function fromResult<T>(result: Result<T>): Reply {
  return result.ok ? ok(result.value) : failure(result.error.status, result.error.message);
}

/** Turns a page into a newest-first array with `CB-BEFORE` / `CB-AFTER` headers. */
export function fromPage<T>(result: Result<CursorPage<T>>): Reply {
  if (!result.ok) return failure(result.error.status, result.error.message);
  const headers: Record<string, string> = {};
  if (result.value.before !== undefined) headers['CB-BEFORE'] = result.value.before;
  if (result.value.after !== undefined) headers['CB-AFTER'] = result.value.after;
  return ok(result.value.items, headers);
}

const defaultLimit = 100;
const maxLimit = 1000;

/** Reads `limit`, `before` and `after`; a non-positive or non-integer limit is a 400, above 1000 is capped. */
export function parsePageRequest(
  query: QueryParameters,
): { ok: true; page: CursorPageRequest } | { ok: false; reply: Reply } {
  const limitText = query.get('limit');
  let limit = defaultLimit;
  if (limitText !== undefined && limitText !== '') {
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1) {
      return { ok: false, reply: failure(400, 'Invalid limit') };
    }
    limit = Math.min(maxLimit, Number(limitText));
  }
  const page: CursorPageRequest = { limit };
  const before = query.get('before');
  const after = query.get('after');
  if (before !== undefined && before !== '') page.before = before;
  if (after !== undefined && after !== '') page.after = after;
  return { ok: true, page };
}
