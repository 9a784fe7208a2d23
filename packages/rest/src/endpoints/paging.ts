import type { QueryParams } from '../http/query.js';
import type { IterateOptions, Page, PageRequest } from '../pagination.js';
import type { ApiResponse } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import { type RequestTarget, requireId, requireLimit } from '../validation.js';

/** The cursor part of a list query, checked. */
export function pageQuery(target: RequestTarget, page: PageRequest | undefined): QueryParams {
  if (page === undefined) return {};
  return {
    before: page.before === undefined ? undefined : requireId(target, 'before', page.before),
    after: page.after === undefined ? undefined : requireId(target, 'after', page.after),
    limit: page.limit === undefined ? undefined : requireLimit(target, page.limit),
  };
}

/** A list response as a {@link Page}: the items and whichever cursors came back. */
export function toPage<T>(response: ApiResponse<T[]>): Page<T> {
  const page: Page<T> = { items: response.data };
  if (response.before !== undefined) page.before = response.before;
  if (response.after !== undefined) page.after = response.after;
  return page;
}

/** The per-call part of iterator options. */
export function callOptionsOf(options: IterateOptions | CallOptions | undefined): CallOptions {
  const call: CallOptions = {};
  if (options?.signal !== undefined) call.signal = options.signal;
  if (options?.timeoutMs !== undefined) call.timeoutMs = options.timeoutMs;
  return call;
}

/** Checks iterator options up front, so a bad page size fails before the first request. */
export function checkIterateOptions(target: RequestTarget, options: IterateOptions | undefined): void {
  if (options?.pageSize !== undefined) requireLimit(target, options.pageSize);
  if (options?.after !== undefined) requireId(target, 'after', options.after);
}
