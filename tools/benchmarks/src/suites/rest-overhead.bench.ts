/**
 * REST overhead: the cost of one request through `@tradeloop/rest`'s `CoinbaseExchangeClient`
 * (default transport: node:http with keep-alive; client-side rate limiting off, as the simulator's)
 * against a bare `fetch` of the same simulator endpoint (signed with `node:crypto` for the private
 * one), and against the same bare request over `node:http` with a keep-alive agent (the client's
 * own transport, so the floor it could reach), one request at a time over loopback, in
 * alternating rounds. All pay the same simulator, so the differences are client costs.
 */

import { createExchangeCredentials } from '@tradeloop/auth';
import { CoinbaseExchangeClient } from '@tradeloop/rest';
import { startSimulator } from '@tradeloop/simulator';
import { measureAlternating, printRow, scaled } from '@tradeloop-internal/bench-harness';
import { BareRest } from '../support/bare-rest.js';
import { microsecondsPerOperation } from '../support/figures.js';

const simulator = await startSimulator({ rateLimits: false, market: { enabled: false } });
try {
  const client = new CoinbaseExchangeClient({
    baseUrl: simulator.restUrl,
    credentials: createExchangeCredentials(simulator.credentials),
    rateLimit: false,
  });
  const bare = new BareRest(simulator.restUrl, simulator.credentials, 'fetch');
  const bareHttp = new BareRest(simulator.restUrl, simulator.credentials, 'node:http');
  let sink = 0;
  const iterations = scaled(1_000);

  const endpoints = [
    {
      id: 'rest-public',
      title: 'REST overhead: µs per request, public GET /time, one at a time',
      tradeloop: async () => {
        sink += (await client.getTime()).epoch;
      },
      bare: async (rest: BareRest) => {
        sink += ((await rest.get('/time')) as { epoch: number }).epoch;
      },
    },
    {
      id: 'rest-private',
      title: 'REST overhead: µs per request, signed GET /accounts, one at a time',
      tradeloop: async () => {
        sink += (await client.getAccounts()).length;
      },
      bare: async (rest: BareRest) => {
        sink += ((await rest.signed('GET', '/accounts')) as unknown[]).length;
      },
    },
  ];
  for (const endpoint of endpoints) {
    const signedNote = endpoint.id === 'rest-private' ? ' + node:crypto signature' : '';
    const [tradeloop, fetchBaseline, httpBaseline] = await measureAlternating(
      [
        {
          name: '@tradeloop/rest CoinbaseExchangeClient',
          run: async (count) => {
            for (let index = 0; index < count; index += 1) await endpoint.tradeloop();
          },
        },
        {
          name: `bare fetch${signedNote}`,
          run: async (count) => {
            for (let index = 0; index < count; index += 1) await endpoint.bare(bare);
          },
        },
        {
          name: `bare node:http keep-alive${signedNote} (the client's transport)`,
          run: async (count) => {
            for (let index = 0; index < count; index += 1) await endpoint.bare(bareHttp);
          },
        },
      ],
      { iterations, rounds: 8 },
    );
    printRow({
      id: endpoint.id,
      title: endpoint.title,
      better: 'lower',
      candidate: microsecondsPerOperation(tradeloop!),
      baselines: [microsecondsPerOperation(fetchBaseline!), microsecondsPerOperation(httpBaseline!)],
      note: "simulator in the same process, rate limits off on both sides; requests sent one after another, rounds alternate; every client keeps its connection alive as its users' defaults do: bare fetch is Node's global fetch (undici pools and reuses connections), bare node:http uses an http.Agent with keepAlive, the tradeloop client its own keep-alive node:http agent (built dist)",
    });
  }
  client.close();
  bareHttp.close();
  if (sink === 0) console.log('(no answer was read)');
} finally {
  await simulator.stop();
}
