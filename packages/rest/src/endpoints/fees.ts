import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { Fees } from '../types/fees.js';

/** `GET /fees`: the key's maker and taker rates. */
export async function getFees(requester: Requester, call?: CallOptions): Promise<Fees> {
  return (
    await requester.send<Fees>(
      { method: 'GET', path: '/fees', access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    )
  ).data;
}
