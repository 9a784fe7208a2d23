import { createServer } from 'node:net';
import { createExchangeCredentials } from '@tradeloop/auth';
import { systemClock } from '@tradeloop/clock';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../test/support/config-refusal.js';
import { checkFeed } from './feed-check.js';

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0, market: { enabled: false } });
});
afterAll(async () => {
  await simulator.stop();
});

const check = (url: string, credentials = simulator.credentials) =>
  checkFeed({
    url,
    credentials: createExchangeCredentials(credentials),
    clock: systemClock,
    productIds: ['BTC-USD'],
    venueName: 'the simulator',
  });

describe('checkFeed against the simulator', () => {
  it('opens the feed and subscribes to the user channel with the key', async () => {
    await expect(check(simulator.wsUrl)).resolves.toBeUndefined();
  });

  it('names the URL when nothing listens there', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const message = await refusal(check(`ws://127.0.0.1:${port}`));
    expect(message).toMatch(
      new RegExp(
        `^Could not open the WebSocket feed at ws://127\\.0\\.0\\.1:${port} \\(.+\\); check COINBASE_WS_URL`,
      ),
    );
  });

  it('says when the feed refuses the key', async () => {
    const other = await startSimulator({ port: 0, market: { enabled: false } });
    try {
      // A key of another exchange: the REST side of `simulator` would not know it either.
      const message = await refusal(check(simulator.wsUrl, other.credentials));
      expect(message).toContain('The WebSocket feed of the simulator refused the authenticated subscription');
    } finally {
      await other.stop();
    }
  });
});
