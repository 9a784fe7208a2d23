import type { Route } from '../router.js';
import { accountRoutes } from './accounts.js';
import { currencyRoutes } from './currencies.js';
import { fillRoutes } from './fills.js';
import { orderRoutes } from './orders.js';
import { productRoutes } from './products.js';
import { timeRoutes } from './time.js';
import { userRoutes } from './users.js';

/** Every REST route the simulator serves, all at the root as on Coinbase. */
export const allRoutes: Route[] = [
  ...timeRoutes,
  ...currencyRoutes,
  ...productRoutes,
  ...accountRoutes,
  ...orderRoutes,
  ...fillRoutes,
  ...userRoutes,
];
