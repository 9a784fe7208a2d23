import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AdvancedTradeFeedServer } from './advanced-trade-feed/feed-server.js';
import type { ServerContext } from './context.js';
import { ExchangeFeedProtocol } from './exchange-feed-protocol.js';
import { FeedHub } from './feed.js';
import { FeedSockets } from './feed-sockets.js';
import { answerClientError, createRequestListener } from './http.js';

/** A listening simulator transport: REST and WebSocket on one port. */
export interface ListeningServer {
  restUrl: string;
  wsUrl: string;
  /** Re-reads the fault settings that need timers (connection drops). */
  faultsChanged(): void;
  close(): Promise<void>;
}

/** Starts the HTTP server with the REST routes and the WebSocket feed on `host:port`. */
export async function listen(context: ServerContext, host: string, port: number): Promise<ListeningServer> {
  const hub = new FeedHub(context);
  const exchangeFeed = new ExchangeFeedProtocol(context, hub);
  const advancedTradeFeed = new AdvancedTradeFeedServer(context);
  // One WebSocket handling for both protocols: limits, deadlines and faults act on both alike.
  const feedSockets = new FeedSockets(context, [exchangeFeed, advancedTradeFeed]);
  const server: Server = createServer(
    {
      // Oversized header blocks get a JSON 431 from `answerClientError`.
      maxHeaderSize: 16 * 1024,
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      // Longer than clients keep idle sockets (axios/undici/Node agents: ~4-5 s), so the client
      // always closes first and never reuses a socket the server is closing (ECONNRESET races).
      keepAliveTimeout: 65_000,
    },
    createRequestListener(context),
  );
  server.maxConnections = context.limits.maxConnections;
  // Half-open sockets (a peer gone without a FIN, a request that stalls) are closed once idle.
  server.setTimeout(context.limits.idleSocketTimeoutMs, (socket) => socket.destroy());
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    socket.setKeepAlive(true, 30_000);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error, socket) => answerClientError(error, socket as Socket));
  server.on('upgrade', (request, socket, head) => {
    if (AdvancedTradeFeedServer.endpointOf(request.url) !== undefined)
      feedSockets.handleUpgrade(request, socket, head, advancedTradeFeed);
    else feedSockets.handleUpgrade(request, socket, head, exchangeFeed);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => context.log(`server error: ${error.message}`));
  hub.start();
  advancedTradeFeed.start();

  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    restUrl: `http://${hostPart}:${address.port}`,
    wsUrl: `ws://${hostPart}:${address.port}`,
    faultsChanged: () => {
      hub.rescheduleConnectionDrops();
      advancedTradeFeed.rescheduleConnectionDrops();
    },
    close: async () => {
      hub.stop();
      advancedTradeFeed.stop();
      feedSockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
