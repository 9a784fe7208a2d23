import { Decimal } from 'decimal.js';
import type { AccountWire } from '../../../exchange/contract.js';
import { advancedTradeNotFound, pageByOffset, readLimit } from '../../advanced-trade/replies.js';
import { currenciesOf } from '../../currencies.js';
import { ok } from '../../replies.js';
import type { Reply, Route, RouteRequest } from '../../router.js';

const BROKERAGE = '/api/v3/brokerage';
const viewAccess = { kind: 'private', permission: 'view', bucket: 'private' } as const;

/** Coinbase's default and largest `limit` of `GET /accounts`. */
const DEFAULT_ACCOUNTS_LIMIT = 49;
const MAX_ACCOUNTS_LIMIT = 250;

function accountView(account: AccountWire, fiat: boolean): Record<string, unknown> {
  const amount = (value: string) => ({ value: new Decimal(value).toFixed(), currency: account.currency });
  return {
    uuid: account.id,
    name: `${account.currency} Wallet`,
    currency: account.currency,
    available_balance: amount(account.available),
    default: true,
    active: true,
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-01-01T00:00:00.000Z',
    deleted_at: null,
    type: fiat ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: amount(account.hold),
    retail_portfolio_id: account.profile_id,
    platform: 'ACCOUNT_PLATFORM_CONSUMER',
  };
}

function fiatCurrencies(request: RouteRequest): Set<string> {
  return new Set(
    currenciesOf(request.exchange.products())
      .filter((currency) => (currency.details as { type?: string } | undefined)?.type === 'fiat')
      .map((currency) => String(currency.id)),
  );
}

function listAccounts(request: RouteRequest): Reply {
  const { exchange, caller, query } = request;
  const limit = readLimit(query.get('limit'), DEFAULT_ACCOUNTS_LIMIT, MAX_ACCOUNTS_LIMIT);
  if (typeof limit !== 'number') return limit;
  const fiat = fiatCurrencies(request);
  const accounts = exchange.accounts(caller);
  const page = pageByOffset(accounts, query.get('cursor'), limit);
  if (!page.ok) return page.reply;
  return ok({
    accounts: page.page.map((account) => accountView(account, fiat.has(account.currency))),
    has_next: page.hasNext,
    cursor: page.cursor,
    size: page.page.length,
  });
}

function getAccount(request: RouteRequest): Reply {
  const result = request.exchange.account(request.caller, request.params.account_uuid as string);
  if (!result.ok) return advancedTradeNotFound('account not found');
  return ok({ account: accountView(result.value, fiatCurrencies(request).has(result.value.currency)) });
}

function transactionSummary({ exchange, caller }: RouteRequest): Reply {
  const fees = exchange.fees(caller);
  return ok({
    // Advanced Trade's wire sends the volumes as JSON numbers (not strings), as clients expect.
    total_volume: Number(fees.usd_volume),
    total_fees: 0,
    fee_tier: {
      pricing_tier: 'Advanced 1',
      usd_from: '0',
      usd_to: '10000',
      taker_fee_rate: fees.taker_fee_rate,
      maker_fee_rate: fees.maker_fee_rate,
      aop_from: '',
      aop_to: '',
    },
    margin_rate: null,
    goods_and_services_tax: null,
    advanced_trade_only_volume: Number(fees.usd_volume),
    advanced_trade_only_fees: 0,
    coinbase_pro_volume: 0,
    coinbase_pro_fees: 0,
    total_balance: '',
    has_promo_fee: false,
  });
}

function portfolios({ caller, query }: RouteRequest): Reply {
  const type = query.get('portfolio_type');
  const portfolio = { name: 'Default', uuid: caller.profileId, type: 'DEFAULT', deleted: false };
  return ok({ portfolios: type === undefined || type === '' || type === 'DEFAULT' ? [portfolio] : [] });
}

function keyPermissions({ caller }: RouteRequest): Reply {
  return ok({
    can_view: caller.permissions.has('view'),
    can_trade: caller.permissions.has('trade'),
    can_transfer: caller.permissions.has('transfer'),
    portfolio_uuid: caller.profileId,
    portfolio_type: 'DEFAULT',
  });
}

/** Accounts, fees, portfolios and the key's permissions. */
export const advancedTradeAccountRoutes: Route[] = [
  { method: 'GET', path: `${BROKERAGE}/accounts`, access: viewAccess, handle: listAccounts },
  { method: 'GET', path: `${BROKERAGE}/accounts/{account_uuid}`, access: viewAccess, handle: getAccount },
  { method: 'GET', path: `${BROKERAGE}/transaction_summary`, access: viewAccess, handle: transactionSummary },
  { method: 'GET', path: `${BROKERAGE}/portfolios`, access: viewAccess, handle: portfolios },
  { method: 'GET', path: `${BROKERAGE}/key_permissions`, access: viewAccess, handle: keyPermissions },
];
