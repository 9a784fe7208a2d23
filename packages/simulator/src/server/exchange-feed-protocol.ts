import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { verifyWebSocketAuth } from './auth.js';
import type { ServerContext } from './context.js';
import type { FeedHub } from './feed.js';
import { FeedConnection } from './feed-connection.js';
import type { FeedSocketSettings } from './feed-socket.js';
import type { FeedProtocol, RefusedFrame } from './feed-sockets.js';
import { authRequiredReason, parseClientMessage } from './subscriptions.js';

/** Coinbase Exchange's `error` message for each frame the shared handling refuses. */
const refusals: Record<RefusedFrame, Record<string, unknown>> = {
  'too-many-messages': { type: 'error', message: 'ErrSlowRead', reason: 'too many messages; slow down' },
  'binary-frame': { type: 'error', message: 'Malformed JSON', reason: 'binary frames are not supported' },
  'internal-error': { type: 'error', message: 'Internal error' },
};

/**
 * The Exchange feed's protocol on the shared WebSocket handling (served on any path not claimed
 * by Advanced Trade, ccxt's `/?` included): turns every client frame into a subscription change
 * on the {@link FeedHub}, checking `signature`/`key`/`passphrase`/`timestamp` auth where given
 * and required, or into a Coinbase `error` message.
 */
export class ExchangeFeedProtocol implements FeedProtocol<FeedConnection> {
  readonly label = 'feed';
  readonly #context: ServerContext;
  readonly #hub: FeedHub;

  constructor(context: ServerContext, hub: FeedHub) {
    this.#context = context;
    this.#hub = hub;
  }

  get size(): number {
    return this.#hub.size;
  }

  open(webSocket: WebSocket, _request: IncomingMessage, settings: FeedSocketSettings): FeedConnection {
    const connection = new FeedConnection(webSocket, settings);
    this.#hub.add(connection);
    return connection;
  }

  close(connection: FeedConnection): void {
    this.#hub.remove(connection);
  }

  refuse(connection: FeedConnection, problem: RefusedFrame): void {
    connection.send({ ...refusals[problem] });
  }

  receive(connection: FeedConnection, text: string): void {
    const exchange = this.#context.exchange;
    const parsed = parseClientMessage(text, (productId) => exchange.product(productId) !== undefined);
    if (!parsed.ok) {
      connection.send({ ...parsed.error });
      return;
    }
    const request = parsed.request;
    let authenticated = connection.caller !== undefined;
    if (request.auth) {
      const outcome = verifyWebSocketAuth(
        request.auth,
        this.#context.keys,
        this.#context.wallClock(),
        this.#context.auth,
      );
      if (!outcome.ok) {
        connection.send({
          type: 'error',
          message: 'Authentication Failed',
          reason: JSON.stringify({ message: outcome.message }),
        });
        return;
      }
      connection.caller = outcome.record.caller;
      authenticated = true;
    }
    if (
      request.type === 'subscribe' &&
      !authenticated &&
      request.channels.some(({ channel }) => channel.requiresAuth)
    ) {
      connection.send({ type: 'error', message: 'Failed to subscribe', reason: authRequiredReason });
      return;
    }
    this.#hub.apply(connection, request);
    if (request.type === 'subscribe') connection.subscribed();
  }
}
