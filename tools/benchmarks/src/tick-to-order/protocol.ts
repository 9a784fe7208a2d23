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
  | { type: 'armed'; armed: boolean }
  | { type: 'failed'; reason: string };

/** The product every client watches and orders on. */
export const PRODUCT_ID = 'BTC-USD';
/** The reaction: a limit buy of this size at this price (below every trade; it only rests). */
export const REACTION_ORDER = { side: 'buy', price: '50000.00', size: '0.00100000' } as const;

/** The settings a client process reads from its environment. */
export interface ClientSettings {
  restUrl: string;
  wsUrl: string;
  apiKey: string;
  apiSecret: string;
  passphrase: string;
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
  };
}

/**
 * Runs a client: `start` connects and returns how to react to a trade and how to close. This
 * wires the parent's messages (arm, stop) and reports the first trade seen.
 */
export async function runClient(
  start: (hooks: {
    tradeSeen: () => void;
    isArmed: () => boolean;
  }) => Promise<{ close: () => Promise<void> }>,
): Promise<void> {
  const send = (message: ClientMessage) => process.send?.(message);
  let armed = false;
  let sawTrade = false;
  try {
    const client = await start({
      tradeSeen: () => {
        if (sawTrade) return;
        sawTrade = true;
        send({ type: 'saw-trade' });
      },
      isArmed: () => armed,
    });
    process.on('message', (message: ParentMessage) => {
      if (message.type === 'arm') {
        armed = message.armed;
        send({ type: 'armed', armed });
      } else if (message.type === 'stop') {
        void client.close().finally(() => process.exit(0));
      }
    });
    // The parent going away (it crashed or was stopped) ends the client too.
    process.on('disconnect', () => process.exit(0));
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
