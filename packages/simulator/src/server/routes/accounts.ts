import { fromPage, fromResult, ok, parsePageRequest } from '../replies.js';
import type { Route } from '../router.js';

const viewAccess = { kind: 'private', permission: 'view', bucket: 'private' } as const;

/** The caller's accounts, their ledgers and holds. */
export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/accounts',
    access: viewAccess,
    handle: ({ exchange, caller }) => ok(exchange.accounts(caller)),
  },
  {
    method: 'GET',
    path: '/accounts/{account_id}',
    access: viewAccess,
    handle: ({ exchange, caller, params }) =>
      fromResult(exchange.account(caller, params.account_id as string)),
  },
  {
    method: 'GET',
    path: '/accounts/{account_id}/ledger',
    access: viewAccess,
    handle: ({ exchange, caller, params, query }) => {
      const page = parsePageRequest(query);
      if (!page.ok) return page.reply;
      return fromPage(exchange.ledger(caller, params.account_id as string, page.page));
    },
  },
  {
    method: 'GET',
    path: '/accounts/{account_id}/holds',
    access: viewAccess,
    handle: ({ exchange, caller, params, query }) => {
      const page = parsePageRequest(query);
      if (!page.ok) return page.reply;
      return fromPage(exchange.holds(caller, params.account_id as string, page.page));
    },
  },
];
