import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { ExchangeTime } from '../types/time.js';

/** `GET /time` (public). */
export async function getTime(requester: Requester, call?: CallOptions): Promise<ExchangeTime> {
  return (
    await requester.send<ExchangeTime>(
      { method: 'GET', path: '/time', access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    )
  ).data;
}
