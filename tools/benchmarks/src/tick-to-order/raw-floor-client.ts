/**
 * The floor: the least a Node client can do to answer a trade with an order. One `ws` connection
 * subscribed to `matches`, `JSON.parse` of each frame, a `node:crypto` HMAC signature (key decoded
 * once) and one POST /orders over a kept-alive `node:http` connection (Nagle off). No library of
 * ours or anyone's, no validation, no journal, no logging: every other client does this and more.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';
import { clientSettings, REACTION_ORDER, runClient } from './protocol.js';

await runClient(async ({ tradeSeen, isArmed }) => {
  const settings = clientSettings();
  const productId = settings.productId;
  const key = Buffer.from(settings.apiSecret, 'base64');
  const restUrl = new URL(settings.restUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ product_id: productId, type: 'limit', ...REACTION_ORDER });
  const bodyLength = String(Buffer.byteLength(body));

  const placeOrder = () => {
    const timestamp = String(Date.now() / 1000);
    const signature = createHmac('sha256', key)
      .update(`${timestamp}POST/orders${body}`, 'utf8')
      .digest('base64');
    const request = http.request(
      {
        agent,
        hostname: restUrl.hostname,
        port: restUrl.port,
        path: '/orders',
        method: 'POST',
        headers: {
          'CB-ACCESS-KEY': settings.apiKey,
          'CB-ACCESS-SIGN': signature,
          'CB-ACCESS-TIMESTAMP': timestamp,
          'CB-ACCESS-PASSPHRASE': settings.passphrase,
          'Content-Type': 'application/json',
          'Content-Length': bodyLength,
        },
      },
      (response) => {
        // Read the answer to the end, so the socket goes back to the pool for the next order.
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200)
            console.error(`raw floor POST /orders: ${response.statusCode} ${Buffer.concat(chunks)}`);
        });
      },
    );
    request.on('error', (error) => console.error('raw floor POST /orders failed:', error.message));
    request.end(body);
  };

  const socket = new WebSocket(settings.wsUrl, { perMessageDeflate: false });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type?: string; product_id?: string };
    if (message.type !== 'match' || message.product_id !== productId) return;
    tradeSeen();
    if (isArmed()) placeOrder();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // The order's connection is opened and kept before the first trade, as a warmed-up bot's is.
  await new Promise<void>((resolve, reject) => {
    http
      .get({ agent, hostname: restUrl.hostname, port: restUrl.port, path: '/time' }, (response) => {
        response.resume();
        response.on('end', resolve);
      })
      .on('error', reject);
  });
  socket.send(JSON.stringify({ type: 'subscribe', product_ids: [productId], channels: ['matches'] }));
  return {
    close: async () => {
      socket.close();
      agent.destroy();
    },
  };
});
