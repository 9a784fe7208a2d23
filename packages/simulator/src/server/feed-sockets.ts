import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { ServerContext } from './context.js';
import { describeError } from './describe-error.js';
import type { FeedSocket, FeedSocketSettings } from './feed-socket.js';
import { TokenBuckets } from './rate-limits.js';

// Coinbase Exchange's limit on inbound feed messages: 10 per second with a burst of 1000. Advanced
// Trade gets the same (its own is not published): it protects the process, not only fidelity.
const inboundMessageLimit = { ratePerSecond: 10, burst: 1000 };

/** Frames the shared handling refuses before the protocol sees them. */
export type RefusedFrame = 'binary-frame' | 'too-many-messages' | 'internal-error';

/** What one WebSocket protocol (Exchange feed, Advanced Trade feed) adds to the shared handling. */
export interface FeedProtocol<Connection extends FeedSocket> {
  /** Names the feed in log lines. */
  readonly label: string;
  /** Open connections of this protocol. */
  readonly size: number;
  /** Wraps a new socket into a connection of this protocol and starts serving it. */
  open(webSocket: WebSocket, request: IncomingMessage, settings: FeedSocketSettings): Connection;
  /** Stops serving a closed connection. */
  close(connection: Connection): void;
  /** Handles one text frame; a throw is logged and answered as an internal error. */
  receive(connection: Connection, text: string): void;
  /** Tells the client, in the protocol's words, why a frame was refused. */
  refuse(connection: Connection, problem: RefusedFrame): void;
}

/**
 * The WebSocket connection handling both feeds share, on the REST port: accepts the upgrade
 * (refusing it with 503 beyond the connection limit counted over every protocol), negotiates
 * permessage-deflate when offered, answers protocol pings, closes connections that do not
 * subscribe in time, that send too many messages or that read too slowly, refuses binary frames,
 * and hands every text frame to its protocol. Nothing a client sends can throw out of here.
 */
export class FeedSockets {
  readonly #context: ServerContext;
  readonly #protocols: ReadonlyArray<{ readonly size: number }>;
  readonly #server: WebSocketServer;
  #nextConnectionId = 1;

  /** `protocols`: every protocol served, for the connection limit they share. */
  constructor(context: ServerContext, protocols: ReadonlyArray<{ readonly size: number }>) {
    this.#context = context;
    this.#protocols = protocols;
    this.#server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: context.limits.maxWebSocketMessageBytes,
      // Small messages are not worth a zlib round trip; snapshots are.
      perMessageDeflate: { threshold: 1024 },
    });
  }

  /** The HTTP server's `upgrade` listener, once the path has chosen the protocol. */
  handleUpgrade<Connection extends FeedSocket>(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    protocol: FeedProtocol<Connection>,
  ): void {
    socket.on('error', () => socket.destroy());
    const open = this.#protocols.reduce((total, each) => total + each.size, 0);
    if (open >= this.#context.limits.maxWebSocketConnections) {
      const body = JSON.stringify({ message: 'Too many connections' });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    try {
      this.#server.handleUpgrade(request, socket, head, (webSocket) =>
        this.#accept(webSocket, request, protocol),
      );
    } catch (error) {
      this.#context.log(`${protocol.label}: upgrade failed: ${describeError(error)}`);
      socket.destroy();
    }
  }

  close(): void {
    this.#server.close();
  }

  #accept<Connection extends FeedSocket>(
    webSocket: WebSocket,
    request: IncomingMessage,
    protocol: FeedProtocol<Connection>,
  ): void {
    const limits = this.#context.limits;
    const connection = protocol.open(webSocket, request, {
      id: String(this.#nextConnectionId++),
      maxBufferedBytes: limits.maxWebSocketBufferedBytes,
      onSlowConsumer: (slow) => {
        this.#context.log(
          `${protocol.label}: connection ${slow.id} is too slow to read its messages (ErrSlowConsume); closing it`,
        );
        slow.socket.terminate();
      },
      inboundLimit: new TokenBuckets(inboundMessageLimit, this.#context.wallClock),
    });
    connection.subscribeTimer = setTimeout(() => {
      webSocket.close(1000, 'no subscribe message received in time');
    }, limits.subscribeTimeoutMs);
    connection.subscribeTimer.unref();
    webSocket.on('message', (data, isBinary) => this.#onFrame(protocol, connection, data, isBinary));
    webSocket.on('close', () => {
      clearTimeout(connection.subscribeTimer);
      protocol.close(connection);
    });
    webSocket.on('error', (error) => {
      // Protocol violations (bad frames, oversized messages) close the socket themselves.
      this.#context.log(
        `${protocol.label}: connection ${connection.id} closed on a protocol error: ${error.message}`,
      );
    });
  }

  #onFrame<Connection extends FeedSocket>(
    protocol: FeedProtocol<Connection>,
    connection: Connection,
    data: RawData,
    isBinary: boolean,
  ): void {
    try {
      if (connection.inboundLimit && !connection.inboundLimit.take(connection.id)) {
        protocol.refuse(connection, 'too-many-messages');
        connection.socket.close(1008, 'ErrSlowRead');
        return;
      }
      if (isBinary) {
        protocol.refuse(connection, 'binary-frame');
        return;
      }
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as Buffer).toString('utf8');
      protocol.receive(connection, text);
    } catch (error) {
      this.#context.log(
        `${protocol.label}: failed to handle a frame from connection ${connection.id}: ${describeError(error)}`,
      );
      protocol.refuse(connection, 'internal-error');
    }
  }
}
