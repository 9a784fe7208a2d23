import type { Route } from '../../router.js';
import { advancedTradeAccountRoutes } from './accounts.js';
import { advancedTradeHistoryRoutes } from './history.js';
import { advancedTradeOrderRoutes } from './orders.js';
import { advancedTradeProductRoutes } from './products.js';
import { advancedTradeV2Routes } from './v2.js';

/** Every route of the Advanced Trade protocol (`/api/v3/brokerage/...`) and the `/v2` set-up endpoints. */
export const advancedTradeRoutes: Route[] = [
  ...advancedTradeProductRoutes,
  ...advancedTradeAccountRoutes,
  ...advancedTradeOrderRoutes,
  ...advancedTradeHistoryRoutes,
  ...advancedTradeV2Routes,
];
