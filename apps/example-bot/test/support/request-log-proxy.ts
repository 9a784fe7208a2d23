/**
 * A loopback proxy in front of a simulator that writes down everything a client sends it: every
 * REST request (method, path, whether it was signed) and every WebSocket message (the parsed
 * frame, whether it carried a signature). The simulator keeps no request log of its own, and a
 * test that must show "no authenticated request reached the exchange" needs one.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** One REST request as the proxy saw it. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** Carried Coinbase's authentication: Exchange headers (`CB-ACCESS-KEY` / `CB-ACCESS-SIGN`) or an Advanced Trade bearer JWT. */
  signed: boolean;
}

/** One message a WebSocket client sent. */
export interface LoggedFrame {
  message: Record<string, unknown>;
  /** Carried a signature or an Advanced Trade `jwt` (an authenticated subscribe). */
  signed: boolean;
}

export class RequestLogProxy {
  readonly requests: LoggedRequest[] = [];
  readonly frames: LoggedFrame[] = [];
  readonly #server: Server;
  readonly #sockets = new WebSocketServer({ noServer: true });

  private constructor(target: { restUrl: string; wsUrl: string }) {
    const upstream = new URL(target.restUrl);
    this.#server = createServer((incoming, outgoing) => {
      this.requests.push(logged(incoming));
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    this.#server.on('upgrade', (incoming, socket, head) => {
      this.requests.push(logged(incoming));
      this.#sockets.handleUpgrade(incoming, socket, head, (client) => {
        const server = new WebSocket(`${target.wsUrl}${incoming.url ?? ''}`);
        const pending: string[] = [];
        client.on('message', (data) => {
          const text = data.toString();
          try {
            const message = JSON.parse(text) as Record<string, unknown>;
            this.frames.push({
              message,
              signed: 'signature' in message || 'key' in message || 'jwt' in message,
            });
          } catch {
            this.frames.push({ message: { unparsable: text }, signed: false });
          }
          if (server.readyState === WebSocket.OPEN) server.send(text);
          else pending.push(text);
        });
        server.on('open', () => {
          for (const text of pending.splice(0)) server.send(text);
        });
        server.on('message', (data) => {
          if (client.readyState === WebSocket.OPEN) client.send(data.toString());
        });
        client.on('close', () => server.close());
        server.on('close', () => client.close());
        client.on('error', () => server.close());
        server.on('error', () => client.close());
      });
    });
  }

  static async start(target: { restUrl: string; wsUrl: string }): Promise<RequestLogProxy> {
    const proxy = new RequestLogProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.#sockets.clients) client.terminate();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function logged(incoming: IncomingMessage): LoggedRequest {
  return {
    method: incoming.method ?? '',
    path: incoming.url ?? '',
    signed:
      incoming.headers['cb-access-key'] !== undefined ||
      incoming.headers['cb-access-sign'] !== undefined ||
      incoming.headers.authorization !== undefined,
  };
}
