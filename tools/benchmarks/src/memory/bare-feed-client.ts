/**
 * The memory baseline: the least a Node process can do with the same market data: one `ws`
 * connection, an authenticated subscribe (signed with `node:crypto`), `JSON.parse` of every
 * message, nothing kept. Settings come from `MEMORY_*` variables; it runs until killed.
 */
import { createHmac } from 'node:crypto';
import { writeSync } from 'node:fs';
import WebSocket from 'ws';

const read = (name: string): string => {
  const value = process.env[`MEMORY_${name}`];
  if (!value) throw new Error(`expected MEMORY_${name} in the environment of the bare feed client`);
  return value;
};

const timestamp = String(Math.floor(Date.now() / 1000));
const signature = createHmac('sha256', Buffer.from(read('API_SECRET'), 'base64'))
  .update(`${timestamp}GET/users/self/verify`, 'utf8')
  .digest('base64');
const socket = new WebSocket(read('WS_URL'), { perMessageDeflate: false });
let messages = 0;
socket.on('open', () => {
  socket.send(
    JSON.stringify({
      type: 'subscribe',
      product_ids: read('PRODUCTS').split(','),
      channels: read('CHANNELS').split(','),
      key: read('API_KEY'),
      passphrase: read('PASSPHRASE'),
      timestamp,
      signature,
    }),
  );
});
socket.on('message', (data) => {
  const message = JSON.parse(String(data)) as { type?: string; message?: string };
  if (message.type === 'error') console.error(`bare feed client: the server refused: ${message.message}`);
  messages += 1;
});
socket.on('close', () => process.exit(0));
process.on('SIGTERM', () => {
  // Synchronous: the parent reads the count after the exit, and a piped console write may be lost.
  writeSync(2, `messages=${messages}\n`);
  process.exit(0);
});
