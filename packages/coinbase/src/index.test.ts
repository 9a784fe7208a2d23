import { expect, it } from 'vitest';
import * as api from './index.js';

// The public API changes only on purpose: update this list in the same commit as the change.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "AdvancedTradeMarketData",
      "CoinbaseMarketData",
      "CoinbaseVenue",
      "CoinbaseVenueError",
      "InvalidEndpointError",
      "InvalidFillCursorError",
      "VenueEnvironmentRequiredError",
      "coinbaseEndpoints",
      "coinbaseEnvironmentOf",
      "createAdvancedTradeMarketData",
      "createCoinbaseMarketData",
      "createCoinbaseVenue",
      "level3SnapshotsFrom",
      "restUrlForFeed",
      "venueHost",
    ]
  `);
});
