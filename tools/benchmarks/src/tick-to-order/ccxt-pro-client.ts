/**
 * Tick-to-order client written the ccxt pro way: `watchTrades` in a loop, `createOrder` for each
 * new trade, unmodified ccxt (the npm release build) pointed at the simulator, configured as a
 * latency-minded user runs it: rate limiter off, connections kept alive. ccxt 4.5's REST path is
 * `undici.request` on its own keep-alive dispatcher (60 s idle sockets); the `node:http`
 * keep-alive agent given as `httpAgent` is what ccxt uses for plain `ws://` and for a custom fetch.
 * The suite counts the TCP connections each round opens, so a per-order connection would show.
 */
import http from 'node:http';
import ccxt from 'ccxt';
import { clientSettings, REACTION_ORDER, runClient } from './protocol.js';

await runClient(async ({ tradeSeen, isArmed }) => {
  const settings = clientSettings();
  const symbol = settings.productId.replace('-', '/');
  const exchange = new ccxt.pro.coinbaseexchange({
    apiKey: settings.apiKey,
    secret: settings.apiSecret,
    password: settings.passphrase,
    // Client-side throttling off, as for the tradeloop clients and the simulator: latency, not politeness.
    enableRateLimit: false,
    urls: { api: { public: settings.restUrl, private: settings.restUrl, ws: settings.wsUrl } },
    httpAgent: new http.Agent({ keepAlive: true }),
  });
  // Markets loaded (and the REST connection opened) before the first trade, as a running bot has them.
  await exchange.loadMarkets();
  let open = true;
  let lastTradeId: string | undefined;
  const watching = (async () => {
    while (open) {
      const trades = await exchange.watchTrades(symbol);
      const latest = trades[trades.length - 1];
      if (latest === undefined || latest.id === lastTradeId) continue;
      lastTradeId = latest.id;
      tradeSeen();
      if (!isArmed()) continue;
      exchange
        .createOrder(
          symbol,
          'limit',
          REACTION_ORDER.side,
          // ccxt's createOrder signature takes JS numbers; this is the baseline's API, not ours.
          Number(REACTION_ORDER.size),
          Number(REACTION_ORDER.price),
        )
        .catch((error: unknown) => console.error('ccxt createOrder failed:', error));
    }
  })().catch((error: unknown) => {
    if (open) console.error('ccxt watchTrades failed:', error);
  });
  return {
    close: async () => {
      open = false;
      await exchange.close();
      await watching;
    },
  };
});
