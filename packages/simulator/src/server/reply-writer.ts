import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerContext } from './context.js';
import type { TextReply } from './rest-protocol.js';
import type { Reply } from './router.js';

/** Answers now, or after the delay fault's wait; only a delayed answer costs a timer and a promise. */
export function respondLater(
  context: ServerContext,
  response: ServerResponse,
  reply: Reply | TextReply,
): Promise<void> | undefined {
  const delayMs = context.faults.responseDelayMs();
  if (delayMs > 0) return sleep(delayMs).then(() => sendReply(response, reply));
  sendReply(response, reply);
  return undefined;
}

/** Writes a JSON reply or a text one. */
export function sendReply(response: ServerResponse, reply: Reply | TextReply): void {
  if ('text' in reply) sendText(response, reply.status, reply.contentType, reply.text);
  else sendJson(response, reply);
}

/** Writes a reply as JSON with an explicit length; a vanished client is not an error. */
export function sendJson(response: ServerResponse, reply: Reply): void {
  if (response.destroyed || response.writableEnded) return;
  const text = JSON.stringify(reply.body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  };
  if (reply.headers) {
    Object.assign(headers, reply.headers);
    headers['Access-Control-Expose-Headers'] = 'CB-BEFORE, CB-AFTER';
  }
  // One writeHead call: cheaper than a setHeader per header on the hot path.
  response.writeHead(reply.status, headers);
  response.end(text);
}

/** Writes a non-JSON body (the unreadable answers of the fault profiles). */
export function sendText(response: ServerResponse, status: number, contentType: string, text: string): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
