import { pathSegment } from '../../http/query.js';
import type { AdvancedTradeRequestSpec } from '../requester.js';
import type {
  AdvancedTradeAccount,
  AdvancedTradeKeyPermissions,
  AdvancedTradePage,
  AdvancedTradePortfolio,
  AdvancedTradeTransactionSummary,
} from '../wire-types.js';
import { arrayField, BROKERAGE, nextCursor, objectField, objectOf } from './shape.js';

/** `GET /accounts?limit&cursor` (Coinbase: default 49, at most 250 per page). */
export function listAccounts(
  limit?: number,
  cursor?: string,
): AdvancedTradeRequestSpec<AdvancedTradePage<AdvancedTradeAccount>> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/accounts`,
    query: { limit, cursor },
    access: 'private',
    resend: 'idempotent',
    read: (data) => ({ items: arrayField(data, 'accounts', 'the accounts page'), cursor: nextCursor(data) }),
  };
}

/** `GET /accounts/{account_uuid}`. */
export function getAccount(accountUuid: string): AdvancedTradeRequestSpec<AdvancedTradeAccount> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/accounts/${pathSegment(accountUuid)}`,
    access: 'private',
    resend: 'idempotent',
    read: (data) => objectField(data, 'account', 'the account response'),
  };
}

/** `GET /transaction_summary`: fee tier and volume. */
export function transactionSummary(): AdvancedTradeRequestSpec<AdvancedTradeTransactionSummary> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/transaction_summary`,
    access: 'private',
    resend: 'idempotent',
    read: (data) => {
      objectField(data, 'fee_tier', 'the transaction summary');
      return data as AdvancedTradeTransactionSummary;
    },
  };
}

/** `GET /portfolios?portfolio_type`. */
export function listPortfolios(portfolioType?: string): AdvancedTradeRequestSpec<AdvancedTradePortfolio[]> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/portfolios`,
    query: { portfolio_type: portfolioType },
    access: 'private',
    resend: 'idempotent',
    read: (data) => arrayField(data, 'portfolios', 'the portfolios response'),
  };
}

/** `GET /key_permissions`: what the key may do (and proof that it is an Advanced Trade key). */
export function keyPermissions(): AdvancedTradeRequestSpec<AdvancedTradeKeyPermissions> {
  return {
    method: 'GET',
    path: `${BROKERAGE}/key_permissions`,
    access: 'private',
    resend: 'idempotent',
    read: (data) => objectOf(data, 'the key permissions') as unknown as AdvancedTradeKeyPermissions,
  };
}
