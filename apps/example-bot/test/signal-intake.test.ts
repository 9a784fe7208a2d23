/**
 * Signals in, orders out, end to end: the bot runs as a process with the signal-follower strategy
 * and `--signals-listen`, against a simulator started by the test; signals are posted over HTTP
 * the way TradingView (secret in the body) and a Standard Webhooks sender (signed headers) post
 * them; the orders and fills they become equal the exchange's own records; a restarted bot still
 * refuses a signal it accepted before.
 */
import { randomBytes } from 'node:crypto';
import { signStandardWebhook } from '@tradeloop/signals';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { BotProcess } from './support/bot-process.js';
import { Scenario } from './support/scenario.js';
import { expectSummaryMatchesSimulator, readSimulatorRecords } from './support/simulator-records.js';

const secret = randomBytes(24).toString('hex');
let scenario: Scenario | undefined;
let bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.kill('SIGKILL');
  bots = [];
  await scenario?.stop();
  scenario = undefined;
});

function startBot(current: Scenario, format: 'json' | 'pretty'): BotProcess {
  const bot = new BotProcess(
    [
      '--strategy',
      'signal-follower',
      '--signals-listen',
      '127.0.0.1:0',
      '--summary-json',
      current.summaryPath,
      '--journal',
      current.journalPath,
      '--log-format',
      format,
      '--status-interval',
      '1',
      '--max-order-notional',
      '5000',
      '--max-position',
      '1',
    ],
    { ...current.env, TRADELOOP_SIGNALS_SECRET: secret },
  );
  bots.push(bot);
  return bot;
}

interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

/** As TradingView sends it: the secret in the body, the amount an unquoted number. */
const tradingViewAlert = (url: string, fields: string) =>
  send(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: `{"secret":"${secret}","timestamp":"${new Date().toISOString()}",${fields}}`,
  });

/** As a Standard Webhooks sender sends it: signed headers. */
function signedSignal(url: string, id: string, body: object) {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  return send(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signStandardWebhook(secret, id, timestamp, text),
    },
    body: text,
  });
}

const fateOf = (url: string, id: string) =>
  send(`${url}/${id}`, { headers: { authorization: `Bearer ${secret}` } });

/** Polls a signal's fate until it is one of `statuses` (a wait with a deadline, not a timing assertion). */
async function fateBecomes(url: string, id: string, statuses: string[]): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const fate = (await fateOf(url, id)).json;
    if (statuses.includes(String(fate.status))) return fate;
    if (Date.now() > deadline) throw new Error(`signal ${id} stayed ${JSON.stringify(fate)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('signals into the bot against the simulator', () => {
  it('turns signals into risk-gated orders whose fills equal the exchange, and remembers them across a restart', async () => {
    scenario = await Scenario.start({ seed: 71 });
    const bot = startBot(scenario, 'json');
    const listening = await bot.waitForEvent((event) => event.event === 'signals-listening', 40_000);
    const url = String(listening.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/signals$/);
    // Market orders are valued at the book for the notional gate: wait for a price.
    const status = await bot.waitForEvent(
      (event) =>
        event.event === 'status-reported' &&
        (event.products as Array<{ price?: string }>).some((product) => product.price !== undefined),
      20_000,
    );
    const price = new Decimal((status.products as Array<{ price: string }>)[0]!.price);

    expect(
      (await tradingViewAlert(url, '"id":"e2e-buy","ticker":"BTCUSD","action":"buy","size":0.01')).json,
    ).toEqual({
      id: 'e2e-buy',
      status: 'accepted',
    });
    expect(
      (
        await signedSignal(url, 'e2e-quote', {
          product_id: 'BTC-USD',
          action: 'buy',
          type: 'market',
          quote_size: '100',
        })
      ).status,
    ).toBe(202);
    const limitPrice = price.times('0.5').toDecimalPlaces(2).toFixed();
    expect(
      (
        await tradingViewAlert(
          url,
          `"id":"e2e-limit","ticker":"COINBASE:BTCUSD","strategy":{"order":{"action":"buy","contracts":0.001,"price":${limitPrice}}},"type":"limit"`,
        )
      ).status,
    ).toBe(202);
    expect(
      (await tradingViewAlert(url, '"id":"e2e-big","ticker":"BTCUSD","action":"buy","size":"5"')).status,
    ).toBe(202);
    expect(
      (await tradingViewAlert(url, '"id":"e2e-eth","product_id":"ETH-USD","action":"buy","size":"1"')).status,
    ).toBe(202);

    const duplicate = await tradingViewAlert(
      url,
      '"id":"e2e-buy","ticker":"BTCUSD","action":"buy","size":0.01',
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toEqual({ id: 'e2e-buy', duplicate: true });
    const forged = await send(url, {
      method: 'POST',
      body: JSON.stringify({
        secret: `${secret}0`,
        timestamp: new Date().toISOString(),
        ticker: 'BTCUSD',
        action: 'buy',
        size: '1',
      }),
    });
    expect(forged.status).toBe(401);
    expect(forged.text).not.toContain(secret);

    expect(await fateBecomes(url, 'e2e-buy', ['filled', 'failed', 'denied'])).toMatchObject({
      status: 'filled',
    });
    expect(await fateBecomes(url, 'e2e-quote', ['filled', 'failed', 'denied'])).toMatchObject({
      status: 'filled',
    });
    expect(await fateBecomes(url, 'e2e-limit', ['placed', 'failed', 'denied'])).toMatchObject({
      status: 'placed',
      orders: [{ status: 'open' }],
    });
    expect(await fateBecomes(url, 'e2e-big', ['denied', 'placed', 'filled'])).toMatchObject({
      status: 'denied',
      reason: 'max_order_notional',
    });
    expect(await fateBecomes(url, 'e2e-eth', ['denied'])).toMatchObject({
      status: 'denied',
      reason: 'unknown_product',
    });

    // close: the limit is canceled and the whole position sold.
    expect((await signedSignal(url, 'e2e-close', { product_id: 'BTC-USD', action: 'close' })).status).toBe(
      202,
    );
    expect(await fateBecomes(url, 'e2e-close', ['filled', 'failed', 'denied'])).toMatchObject({
      status: 'filled',
    });
    expect(await fateBecomes(url, 'e2e-limit', ['canceled'])).toMatchObject({ status: 'canceled' });

    bot.kill('SIGTERM');
    const exit = await bot.exit(30_000);
    expect(exit.exitCode, exit.stderr).toBe(0);
    expect(exit.stdout).not.toContain(secret);

    const summary = await scenario.summary();
    expect(summary.signals.map((signal) => [signal.id, signal.status, signal.reason])).toEqual([
      ['e2e-buy', 'filled', undefined],
      ['e2e-quote', 'filled', undefined],
      ['e2e-limit', 'canceled', undefined],
      ['e2e-big', 'denied', 'max_order_notional'],
      ['e2e-eth', 'denied', 'unknown_product'],
      ['e2e-close', 'filled', undefined],
    ]);
    expect(summary.refusedSignalRequests).toEqual({ '409 duplicate': 1, '401 unauthorized': 1 });
    const records = readSimulatorRecords(scenario.simulator, scenario.simulator.profileId, ['BTC-USD']);
    expectSummaryMatchesSimulator(summary, records);
    // Every order a signal placed is on the exchange under its client order id, with the fills it reports.
    const exchangeOrders = new Map(records.orders.map((order) => [order.client_oid, order]));
    const signalOrders = summary.signals
      .filter((signal) => signal.status !== 'denied')
      .flatMap((signal) => signal.orders);
    expect(signalOrders).toHaveLength(4);
    // The denied order never left the bot.
    const deniedOrders = summary.signals.find((signal) => signal.id === 'e2e-big')?.orders ?? [];
    expect(deniedOrders.map((order) => order.status)).toEqual(['rejected']);
    expect(exchangeOrders.has(deniedOrders[0]!.clientOrderId)).toBe(false);
    for (const order of signalOrders) {
      const onExchange = exchangeOrders.get(order.clientOrderId);
      expect(onExchange, `order ${order.clientOrderId} is not on the exchange`).toBeDefined();
      expect(new Decimal(onExchange!.filled_size ?? '0').eq(order.filledSize)).toBe(true);
    }
    expect(records.orders).toHaveLength(4);
    // close flattened what the two buys bought.
    const bought = records.fills
      .filter((fill) => fill.side === 'buy')
      .reduce((sum, fill) => sum.plus(fill.size), new Decimal(0));
    const sold = records.fills
      .filter((fill) => fill.side === 'sell')
      .reduce((sum, fill) => sum.plus(fill.size), new Decimal(0));
    expect(bought.gt(0)).toBe(true);
    expect(sold.eq(bought)).toBe(true);
    expect(new Decimal(summary.positions['BTC-USD']?.size ?? 'NaN').isZero()).toBe(true);

    // A restart: the same alert again is a duplicate, and its fate is still told.
    const restarted = startBot(scenario, 'pretty');
    const deadline = Date.now() + 40_000;
    let match: RegExpExecArray | null = null;
    while (match === null && Date.now() < deadline && restarted.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      match = /SIGNALS listening on (http:\/\/127\.0\.0\.1:\d+\/signals)/.exec(restarted.stdout);
    }
    expect(match, restarted.stdout + restarted.stderr).not.toBeNull();
    const again = match![1]!;
    const replay = await tradingViewAlert(
      again,
      '"id":"e2e-buy","ticker":"BTCUSD","action":"buy","size":0.01',
    );
    expect(replay.status).toBe(409);
    expect((await fateOf(again, 'e2e-buy')).json).toMatchObject({ id: 'e2e-buy', status: 'filled' });
    restarted.kill('SIGTERM');
    expect((await restarted.exit(30_000)).exitCode).toBe(0);
    expect(
      readSimulatorRecords(scenario.simulator, scenario.simulator.profileId, ['BTC-USD']).orders,
    ).toHaveLength(4);
  }, 150_000);
});
