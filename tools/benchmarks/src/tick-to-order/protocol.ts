import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * The conversation between the tick-to-order suite (parent, which owns the simulator and the
 * clock) and each client process: the parent arms one client at a time; an armed client answers
 * every public BTC-USD trade with one limit buy far below the market (it rests, never trades).
 */

/** What the parent tells a client. */
export type ParentMessage = { type: 'arm'; armed: boolean } | { type: 'stop' };

/** What a client tells the parent. */
export type ClientMessage =
  | { type: 'ready' }
  /** Sent once, for the first public trade the client saw: its subscription works. */
  | { type: 'saw-trade' }
  /**
   * `connectionsOpened`: TCP connections this process opened since it was last armed (sent when it
   * is disarmed): 0 shows every order of the round went over a kept-alive connection.
   */
  | { type: 'armed'; armed: boolean; connectionsOpened: number }
  | { type: 'failed'; reason: string };

/** The product a client watches and orders on when the suite names none (the single-process tools). */
export const PRODUCT_ID = 'BTC-USD';
/**
 * The suite's products, one per client, each listed with BTC-USD's rules and price: a trade on
 * one wakes only the client watching it, as on a machine that runs one bot.
 */
export const CLIENT_PRODUCT_IDS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'LTC-USD', 'ADA-USD'] as const;
/** The reaction: a limit buy of this size at this price (below every trade; it only rests). */
export const REACTION_ORDER = { side: 'buy', price: '50000.00', size: '0.00100000' } as const;

/** The settings a client process reads from its environment. */
export interface ClientSettings {
  restUrl: string;
  wsUrl: string;
  apiKey: string;
  apiSecret: string;
  passphrase: string;
  /** The product this client watches and orders on. */
  productId: string;
}

/** Reads {@link ClientSettings} from `TICK_TO_ORDER_*` variables; throws naming a missing one. */
export function clientSettings(environment: NodeJS.ProcessEnv = process.env): ClientSettings {
  const read = (name: string): string => {
    const value = environment[`TICK_TO_ORDER_${name}`];
    if (!value)
      throw new Error(`expected TICK_TO_ORDER_${name} in the environment of a tick-to-order client`);
    return value;
  };
  return {
    restUrl: read('REST_URL'),
    wsUrl: read('WS_URL'),
    apiKey: read('API_KEY'),
    apiSecret: read('API_SECRET'),
    passphrase: read('PASSPHRASE'),
    productId: read('PRODUCT_ID'),
  };
}

/** What a client's reaction code uses: report a trade, ask whether to react. */
export interface ClientHooks {
  /** Call for every public trade seen; the first one tells the parent the subscription works. */
  tradeSeen: () => void;
  /** Whether the parent armed this client: react to this trade with {@link REACTION_ORDER}. */
  isArmed: () => boolean;
}

/**
 * The client's side of the conversation: answers `arm` (with the connections opened since the
 * last answer; `onArmed` hears each arm message first) and hands `stop` (or the parent going
 * away) to `onStop`. Returns the hooks and
 * `ready()`, to call once the client is connected and subscribed.
 */
export function connectToParent(
  onStop: () => void,
  onArmed?: (armed: boolean) => void,
): ClientHooks & {
  ready: () => void;
  fail: (error: unknown) => void;
} {
  const send = (message: ClientMessage) => process.send?.(message);
  const connections = countConnections();
  let armed = false;
  let sawTrade = false;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'arm') {
      armed = message.armed;
      onArmed?.(armed);
      send({ type: 'armed', armed, connectionsOpened: connections.take() });
    } else if (message.type === 'stop') onStop();
  });
  // The parent going away (it crashed or was stopped) ends the client too.
  process.on('disconnect', onStop);
  return {
    tradeSeen: () => {
      if (sawTrade) return;
      sawTrade = true;
      send({ type: 'saw-trade' });
    },
    isArmed: () => armed,
    ready: () => {
      // What the client opened while connecting is not the reaction's cost.
      connections.take();
      send({ type: 'ready' });
    },
    fail: (error) => send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) }),
  };
}

/**
 * Runs a client: `start` connects and returns how to close. This wires the parent's messages
 * (arm, stop) and reports the first trade seen.
 */
export async function runClient(
  start: (hooks: ClientHooks) => Promise<{ close: () => Promise<void> }>,
): Promise<void> {
  let client: { close: () => Promise<void> } | undefined;
  const parent = connectToParent(() => {
    if (client === undefined) process.exit(0);
    else void client.close().finally(() => process.exit(0));
  });
  try {
    client = await start(parent);
    parent.ready();
  } catch (error) {
    parent.fail(error);
    process.exit(1);
  }
}

/**
 * Counts the TCP connections this process opens (Node publishes each new client socket on the
 * `net.client.socket` diagnostics channel, whatever library opened it: node:http, undici, ws).
 * `take()` returns the count since the last `take()`.
 */
export function countConnections(): { take: () => number } {
  let opened = 0;
  diagnosticsChannel.subscribe('net.client.socket', () => {
    opened += 1;
  });
  return {
    take: () => {
      const count = opened;
      opened = 0;
      return count;
    },
  };
}

/**
 * Marks a step of this client's reaction when the suite traces (reaction-trace-preload.mjs defines
 * the mark function); nothing otherwise.
 */
export function traceMark(name: string): void {
  (globalThis as { tickToOrderMark?: (name: string) => void }).tickToOrderMark?.(name);
}
