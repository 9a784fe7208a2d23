import { expect, it } from 'vitest';
import * as api from './index.js';

// The public API changes only on purpose: update this list in the same commit as the change.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "AdvancedTradeEnvironmentRequiredError",
      "AdvancedTradeMarketData",
      "AdvancedTradeVenue",
      "CoinbaseMarketData",
      "CoinbaseVenue",
      "CoinbaseVenueError",
      "InvalidEndpointError",
      "InvalidFillCursorError",
      "UnsupportedOrderError",
      "VenueEnvironmentRequiredError",
      "advancedTradeProductionHosts",
      "coinbaseEndpoints",
      "coinbaseEnvironmentOf",
      "createAdvancedTradeMarketData",
      "createAdvancedTradeVenue",
      "createCoinbaseMarketData",
      "createCoinbaseVenue",
      "level3SnapshotsFrom",
      "restUrlForFeed",
      "venueHost",
    ]
  `);
});
