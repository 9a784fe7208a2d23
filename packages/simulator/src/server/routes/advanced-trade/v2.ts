import { Decimal } from 'decimal.js';
import { currenciesOf } from '../../currencies.js';
import { ok } from '../../replies.js';
import type { Reply, Route, RouteRequest } from '../../router.js';

const publicAccess = { kind: 'public' } as const;

function currencies(request: RouteRequest, fiat: boolean): Array<Record<string, unknown>> {
  return currenciesOf(request.exchange.products()).filter(
    (currency) => ((currency.details as { type?: string }).type === 'fiat') === fiat,
  );
}

/** `GET /v2/currencies`: fiat currencies `{id, name, min_size}`. */
function fiatCurrencies(request: RouteRequest): Reply {
  return ok({
    data: currencies(request, true).map((currency) => ({
      id: currency.id,
      name: currency.name,
      min_size: currency.min_size,
    })),
  });
}

/** `GET /v2/currencies/crypto`: crypto assets with `code`, `exponent` and an `asset_id`. */
function cryptoCurrencies(request: RouteRequest): Reply {
  return ok({
    data: currencies(request, false).map((currency, index) => {
      const precision = String(currency.max_precision ?? '0.00000001');
      return {
        asset_id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
        code: currency.id,
        name: currency.name,
        color: '#0052FF',
        sort_index: String(index),
        exponent: String(new Decimal(precision).decimalPlaces()),
        type: 'crypto',
        address_regex: '^.+$',
      };
    }),
  });
}

/**
 * `GET /v2/exchange-rates?currency=USD`: how much of each currency one unit of `currency` buys,
 * from the last trade of every product that pairs them directly.
 */
function exchangeRates({ exchange, query }: RouteRequest): Reply {
  const base = (query.get('currency') ?? 'USD').toUpperCase();
  const rates: Record<string, string> = { [base]: '1' };
  for (const product of exchange.products()) {
    const ticker = exchange.ticker(product.id);
    if (!ticker.ok) continue;
    const price = new Decimal(String(ticker.value.price ?? '0'));
    if (price.lte(0)) continue;
    if (product.quote_currency === base)
      rates[product.base_currency] = new Decimal(1).div(price).toSignificantDigits(10).toFixed();
    if (product.base_currency === base) rates[product.quote_currency] = price.toFixed();
  }
  return ok({ data: { currency: base, rates } });
}

/**
 * `GET /v2/accounts` (signed with the same JWT): one Coinbase App wallet per currency, balance =
 * available + held, as ccxt's `coinbase.fetchBalance` reads it by default. One page holds all.
 */
function accounts(request: RouteRequest): Reply {
  const fiat = new Set(currencies(request, true).map((currency) => String(currency.id)));
  const data = request.exchange.accounts(request.caller).map((account) => ({
    id: account.id,
    name: `${account.currency} Wallet`,
    primary: true,
    type: fiat.has(account.currency) ? 'fiat' : 'wallet',
    currency: {
      code: account.currency,
      name: account.currency,
      type: fiat.has(account.currency) ? 'fiat' : 'crypto',
    },
    balance: { amount: new Decimal(account.balance).toFixed(), currency: account.currency },
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    resource: 'account',
    resource_path: `/v2/accounts/${account.id}`,
    allow_deposits: true,
    allow_withdrawals: true,
  }));
  return ok({
    pagination: {
      ending_before: null,
      starting_after: null,
      previous_ending_before: null,
      next_starting_after: null,
      limit: data.length,
      order: 'desc',
      previous_uri: null,
      next_uri: null,
    },
    data,
  });
}

function time({ context }: RouteRequest): Reply {
  const nowMs = context.wallClock();
  return ok({ data: { iso: new Date(nowMs).toISOString(), epoch: Math.floor(nowMs / 1000) } });
}

/** The Coinbase App (`/v2`) endpoints third-party clients call while loading markets. */
export const advancedTradeV2Routes: Route[] = [
  { method: 'GET', path: '/v2/time', access: publicAccess, handle: time },
  { method: 'GET', path: '/v2/currencies', access: publicAccess, handle: fiatCurrencies },
  { method: 'GET', path: '/v2/currencies/crypto', access: publicAccess, handle: cryptoCurrencies },
  { method: 'GET', path: '/v2/exchange-rates', access: publicAccess, handle: exchangeRates },
  {
    method: 'GET',
    path: '/v2/accounts',
    access: { kind: 'private', permission: 'view', bucket: 'private' },
    handle: accounts,
  },
];
