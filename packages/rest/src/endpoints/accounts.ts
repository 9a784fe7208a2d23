import { pathSegment } from '../http/query.js';
import { type IterateOptions, type Page, type PageRequest, paginate } from '../pagination.js';
import type { Requester } from '../requester.js';
import type { Account, AccountHold, LedgerEntry, LedgerFilter } from '../types/accounts.js';
import type { CallOptions } from '../types/common.js';
import { type RequestTarget, requireId } from '../validation.js';
import { callOptionsOf, checkIterateOptions, pageQuery, toPage } from './paging.js';

const ACCOUNT = '/accounts/{account_id}';
const LEDGER = '/accounts/{account_id}/ledger';
const HOLDS = '/accounts/{account_id}/holds';

function accountPath(accountId: string, template: string, suffix = ''): string {
  return `/accounts/${pathSegment(requireId({ method: 'GET', path: template }, 'accountId', accountId))}${suffix}`;
}

/** `GET /accounts`: every currency account of the key's profile. */
export async function getAccounts(requester: Requester, call?: CallOptions): Promise<Account[]> {
  return (
    await requester.send<Account[]>(
      { method: 'GET', path: '/accounts', access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** `GET /accounts/{account_id}`. */
export async function getAccount(
  requester: Requester,
  accountId: string,
  call?: CallOptions,
): Promise<Account> {
  const path = accountPath(accountId, ACCOUNT);
  return (
    await requester.send<Account>(
      { method: 'GET', path, access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    )
  ).data;
}

/** One page of `GET /accounts/{account_id}/ledger`, newest first. */
export async function getAccountLedger(
  requester: Requester,
  accountId: string,
  page?: PageRequest & LedgerFilter,
  call?: CallOptions,
): Promise<Page<LedgerEntry>> {
  const target: RequestTarget = { method: 'GET', path: LEDGER };
  const path = accountPath(accountId, LEDGER, '/ledger');
  const query = {
    start_date: page?.startDate,
    end_date: page?.endDate,
    profile_id: page?.profileId,
    ...pageQuery(target, page),
  };
  return toPage(
    await requester.send<LedgerEntry[]>(
      { method: 'GET', path, query, access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    ),
  );
}

/** Every ledger entry from the newest back, following `CB-AFTER`. */
export function iterateAccountLedger(
  requester: Requester,
  accountId: string,
  options?: IterateOptions & LedgerFilter,
): AsyncGenerator<LedgerEntry> {
  accountPath(accountId, LEDGER);
  checkIterateOptions({ method: 'GET', path: LEDGER }, options);
  const call = callOptionsOf(options);
  const filter = ledgerFilterOf(options);
  return paginate(
    (after, limit) =>
      getAccountLedger(requester, accountId, { ...filter, ...(after ? { after } : {}), limit }, call),
    options,
  );
}

function ledgerFilterOf(options: LedgerFilter | undefined): LedgerFilter {
  const filter: LedgerFilter = {};
  if (options?.startDate !== undefined) filter.startDate = options.startDate;
  if (options?.endDate !== undefined) filter.endDate = options.endDate;
  if (options?.profileId !== undefined) filter.profileId = options.profileId;
  return filter;
}

/** One page of `GET /accounts/{account_id}/holds`, newest first. */
export async function getAccountHolds(
  requester: Requester,
  accountId: string,
  page?: PageRequest,
  call?: CallOptions,
): Promise<Page<AccountHold>> {
  const path = accountPath(accountId, HOLDS, '/holds');
  const query = pageQuery({ method: 'GET', path: HOLDS }, page);
  return toPage(
    await requester.send<AccountHold[]>(
      { method: 'GET', path, query, access: 'private', bucket: 'private', resend: 'idempotent' },
      call,
    ),
  );
}

/** Every hold from the newest back, following `CB-AFTER`. */
export function iterateAccountHolds(
  requester: Requester,
  accountId: string,
  options?: IterateOptions,
): AsyncGenerator<AccountHold> {
  accountPath(accountId, HOLDS);
  checkIterateOptions({ method: 'GET', path: HOLDS }, options);
  const call = callOptionsOf(options);
  return paginate(
    (after, limit) => getAccountHolds(requester, accountId, { ...(after ? { after } : {}), limit }, call),
    options,
  );
}
