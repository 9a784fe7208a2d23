import type { FieldKind, MessageDescriptor } from '../channels/channel.js';
import { messageNamed } from '../channels/index.js';
import { MalformedFrameError, UnknownMessageTypeError } from '../errors.js';
import type { FeedMessage } from '../messages.js';

const EXCERPT_LENGTH = 120;

/**
 * Parses one text frame of the Coinbase Exchange feed into a typed message.
 *
 * @throws {MalformedFrameError} when the frame is not JSON, not an object with a string `type`, or
 *   a known type lacks a field the feed relies on (e.g. a `match` without `sequence`).
 * @throws {UnknownMessageTypeError} when `type` is not one this client knows.
 * @example
 * const message = parseFeedMessage('{"type":"heartbeat","product_id":"BTC-USD","sequence":1,"last_trade_id":0,"time":"..."}');
 * if (message.type === 'heartbeat') console.log(message.sequence);
 */
export function parseFeedMessage(frame: string): FeedMessage {
  const message = parseFrameObject(frame);
  describeFeedMessage(message, frame);
  return message as unknown as FeedMessage;
}

/**
 * The JSON object of one text frame (not yet checked as a message: see {@link describeFeedMessage}).
 * @throws {MalformedFrameError} when the frame is not JSON or not an object.
 */
export function parseFrameObject(frame: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch (error) {
    throw new MalformedFrameError(
      `expected a JSON text frame, received ${frame.length} characters that do not parse`,
      frame.slice(0, EXCERPT_LENGTH),
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedFrameError(
      `expected a JSON object with a "type", received ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`,
      frame.slice(0, EXCERPT_LENGTH),
    );
  }
  return value as Record<string, unknown>;
}

/** The `l2update` descriptor, looked up once: the busiest message skips the map. */
const level2UpdateDescriptor = messageNamed('l2update') as MessageDescriptor;
/** The `match` descriptor, looked up once: every trade takes this path before `onTrade`. */
const matchDescriptor = messageNamed('match') as MessageDescriptor;

/**
 * Checks a parsed frame as a feed message and returns its type's descriptor (the dispatcher
 * routes by its role, so the type is looked up once per frame).
 *
 * @throws {MalformedFrameError} for a missing or non-string `type`, or a required field missing.
 * @throws {UnknownMessageTypeError} when `type` is not one this client knows.
 */
export function describeFeedMessage(message: Record<string, unknown>, frame: string): MessageDescriptor {
  const type = message.type;
  // The hot path: l2update is checked by hand, its changes entry by entry.
  if (type === 'l2update') {
    checkLevel2Update(message, frame);
    return level2UpdateDescriptor;
  }
  if (type === 'match' && isWellFormedMatch(message)) return matchDescriptor;
  if (typeof type !== 'string') {
    throw new MalformedFrameError(
      `expected a string "type" field, received ${type === undefined ? 'none' : `a ${typeof type}`}`,
      frame.slice(0, EXCERPT_LENGTH),
    );
  }
  // Each message type's required fields are written once, in its channel descriptor.
  const descriptor = messageNamed(type);
  if (!descriptor) throw new UnknownMessageTypeError(type);
  const required = descriptor.required;
  // An indexed loop: no iterator or destructuring per field on a path that runs once per frame.
  for (let index = 0; index < required.length; index += 1) {
    const entry = required[index] as readonly [string, FieldKind];
    const name = entry[0];
    const kind = entry[1];
    const field = message[name];
    const ok = kind === 'array' ? Array.isArray(field) : typeof field === kind;
    if (!ok) {
      throw new MalformedFrameError(
        `expected "${type}" to carry ${kind === 'array' ? 'an array' : `a ${kind}`} "${name}", received ${field === undefined ? 'none' : Array.isArray(field) ? 'an array' : field === null ? 'null' : `a ${typeof field}`}`,
        frame.slice(0, EXCERPT_LENGTH),
      );
    }
  }
  return descriptor;
}

/**
 * A trade's required fields, read by name (a field load each, where the descriptor's loop reads
 * by computed name: several µs when the trade arrives to cold caches). It says only yes or no:
 * a malformed match falls through to the descriptor's check, which names what is wrong. The test
 * beside this file keeps it and `matchMessage.required` the same list.
 */
function isWellFormedMatch(message: Record<string, unknown>): boolean {
  return (
    typeof message.product_id === 'string' &&
    typeof message.sequence === 'number' &&
    typeof message.maker_order_id === 'string' &&
    typeof message.taker_order_id === 'string' &&
    typeof message.price === 'string' &&
    typeof message.size === 'string'
  );
}

function checkLevel2Update(message: Record<string, unknown>, frame: string): void {
  const changes = message.changes;
  if (typeof message.product_id !== 'string' || !Array.isArray(changes)) {
    throw new MalformedFrameError(
      'expected "l2update" to carry a string "product_id" and an array "changes"',
      frame.slice(0, EXCERPT_LENGTH),
    );
  }
  for (let index = 0; index < changes.length; index += 1) {
    const change = changes[index] as unknown;
    if (
      !Array.isArray(change) ||
      (change[0] !== 'buy' && change[0] !== 'sell') ||
      typeof change[1] !== 'string' ||
      typeof change[2] !== 'string'
    ) {
      throw new MalformedFrameError(
        `expected l2update change ${index} to be ["buy"|"sell", price, size] with string price and size`,
        frame.slice(0, EXCERPT_LENGTH),
      );
    }
  }
}
