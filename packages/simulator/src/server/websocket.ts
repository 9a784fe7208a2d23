import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { verifyWebSocketAuth } from './auth.js';
import type { ServerContext } from './context.js';
import { describeError } from './describe-error.js';
import type { FeedHub } from './feed.js';
import { FeedConnection } from './feed-connection.js';
import { TokenBuckets } from './rate-limits.js';
import { authRequiredReason, parseClientMessage } from './subscriptions.js';

// Coinbase's newer limit on inbound feed messages: 10 per second with a burst of 1000.
const inboundMessageLimit = { ratePerSecond: 10, burst: 1000 };

/**
 * The WebSocket feed on the REST port: accepts the upgrade on any path (with or without a query,
 * ccxt's `/?` included), negotiates permessage-deflate when offered, answers protocol pings,
 * closes connections that do not subscribe in time, and turns every client frame into a
 * subscription change or a Coinbase `error` message. Nothing a client sends can throw out of here.
 */
export class FeedServer {
  readonly #context: ServerContext;
  readonly #hub: FeedHub;
  readonly #server: WebSocketServer;
  #nextConnectionId = 1;

  constructor(context: ServerContext, hub: FeedHub) {
    this.#context = context;
    this.#hub = hub;
    this.#server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: context.limits.maxWebSocketMessageBytes,
      // Small messages are not worth a zlib round trip; snapshots are.
      perMessageDeflate: { threshold: 1024 },
    });
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (this.#hub.size >= this.#context.limits.maxWebSocketConnections) {
      const body = JSON.stringify({ message: 'Too many connections' });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    try {
      this.#server.handleUpgrade(request, socket, head, (webSocket) => this.#accept(webSocket));
    } catch (error) {
      this.#context.log(`feed: upgrade failed: ${describeError(error)}`);
      socket.destroy();
    }
  }

  close(): void {
    this.#server.close();
  }

  #accept(webSocket: WebSocket): void {
    const limits = this.#context.limits;
    const connection = new FeedConnection(
      webSocket,
      String(this.#nextConnectionId++),
      limits.maxWebSocketBufferedBytes,
      (slow) => {
        this.#context.log(
          `feed: connection ${slow.id} is too slow to read its messages (ErrSlowConsume); closing it`,
        );
        slow.socket.terminate();
      },
      // Always on, like the frame size limit: it protects the process, not only Coinbase's fidelity.
      new TokenBuckets(inboundMessageLimit, this.#context.wallClock),
    );
    this.#hub.add(connection);
    connection.subscribeTimer = setTimeout(() => {
      webSocket.close(1000, 'no subscribe message received in time');
    }, limits.subscribeTimeoutMs);
    connection.subscribeTimer.unref();
    webSocket.on('message', (data, isBinary) => this.#onFrame(connection, data, isBinary));
    webSocket.on('close', () => {
      clearTimeout(connection.subscribeTimer);
      this.#hub.remove(connection);
    });
    webSocket.on('error', (error) => {
      // Protocol violations (bad frames, oversized messages) close the socket themselves.
      this.#context.log(`feed: connection ${connection.id} closed on a protocol error: ${error.message}`);
    });
  }

  #onFrame(connection: FeedConnection, data: RawData, isBinary: boolean): void {
    try {
      if (connection.inboundLimit && !connection.inboundLimit.take(connection.id)) {
        connection.send({ type: 'error', message: 'ErrSlowRead', reason: 'too many messages; slow down' });
        connection.socket.close(1008, 'ErrSlowRead');
        return;
      }
      if (isBinary) {
        connection.send({
          type: 'error',
          message: 'Malformed JSON',
          reason: 'binary frames are not supported',
        });
        return;
      }
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as Buffer).toString('utf8');
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
      if (request.type === 'subscribe') clearTimeout(connection.subscribeTimer);
    } catch (error) {
      this.#context.log(
        `feed: failed to handle a frame from connection ${connection.id}: ${describeError(error)}`,
      );
      connection.send({ type: 'error', message: 'Internal error' });
    }
  }
}
