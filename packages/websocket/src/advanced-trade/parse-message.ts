import { MalformedFrameError } from '../errors.js';
import type { AdvancedTradeEnvelope } from './messages.js';

const EXCERPT_LENGTH = 120;

/** The server's refusal (e.g. of a subscribe with a bad JWT): the one message without an envelope. */
export interface AdvancedTradeErrorMessage {
  type: 'error';
  message: string;
  reason?: string;
}

/** What one text frame of the Advanced Trade feed holds. */
export type AdvancedTradeMessage = AdvancedTradeEnvelope | AdvancedTradeErrorMessage;

/**
 * Parses one text frame of the Advanced Trade feed: the `{channel, sequence_num, events}` envelope
 * every channel uses, or the server's `{type: "error"}` message. The feed reads every frame with it;
 * it is public for replaying recorded frames.
 *
 * @throws {MalformedFrameError} when the frame is not JSON, not an object, or lacks a string
 *   `channel`, a numeric `sequence_num` or an `events` array.
 * @example
 * const message = parseAdvancedTradeMessage(frame);
 * if ('channel' in message && message.channel === 'l2_data') for (const event of message.events) applyLevel2Data(book, event as Level2DataEvent);
 */
export function parseAdvancedTradeMessage(frame: string): AdvancedTradeMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch (error) {
    throw new MalformedFrameError(
      `expected a JSON text frame, received ${frame.length} characters that do not parse`,
      frame.slice(0, EXCERPT_LENGTH),
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedFrameError(
      `expected a JSON object, received ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}`,
      frame.slice(0, EXCERPT_LENGTH),
    );
  }
  const record = parsed as Record<string, unknown>;
  if (record.type === 'error') {
    return {
      type: 'error',
      message: String(record.message ?? ''),
      ...(typeof record.reason === 'string' ? { reason: record.reason } : {}),
    };
  }
  if (
    typeof record.channel !== 'string' ||
    !Array.isArray(record.events) ||
    typeof record.sequence_num !== 'number'
  ) {
    throw new MalformedFrameError('expected {channel, sequence_num, events}', frame.slice(0, EXCERPT_LENGTH));
  }
  return record as unknown as AdvancedTradeEnvelope;
}
