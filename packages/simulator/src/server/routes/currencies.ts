import { currenciesOf } from '../currencies.js';
import { notFound, ok } from '../replies.js';
import type { Route } from '../router.js';

/** `GET /currencies` and `GET /currencies/{id}` (public). */
export const currencyRoutes: Route[] = [
  {
    method: 'GET',
    path: '/currencies',
    access: { kind: 'public' },
    handle: ({ exchange }) => ok(currenciesOf(exchange.products())),
  },
  {
    method: 'GET',
    path: '/currencies/{currency_id}',
    access: { kind: 'public' },
    handle: ({ exchange, params }) => {
      const currency = currenciesOf(exchange.products()).find((entry) => entry.id === params.currency_id);
      return currency ? ok(currency) : notFound;
    },
  },
];
