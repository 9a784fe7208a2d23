import { pathSegment } from '../http/query.js';
import type { Requester } from '../requester.js';
import type { CallOptions } from '../types/common.js';
import type { Currency } from '../types/currencies.js';
import { requireId } from '../validation.js';

/** `GET /currencies` (public). */
export async function getCurrencies(requester: Requester, call?: CallOptions): Promise<Currency[]> {
  return (
    await requester.send<Currency[]>(
      { method: 'GET', path: '/currencies', access: 'public', bucket: 'public', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** `GET /currencies/{currency_id}` (public). */
export async function getCurrency(
  requester: Requester,
  currencyId: string,
  call?: CallOptions,
): Promise<Currency> {
  const id = requireId({ method: 'GET', path: '/currencies/{currency_id}' }, 'currencyId', currencyId);
  return (
    await requester.send<Currency>(
      {
        method: 'GET',
        path: `/currencies/${pathSegment(id)}`,
        access: 'public',
        bucket: 'public',
        resend: 'idempotent',
      },
      call,
    )
  ).data;
}
