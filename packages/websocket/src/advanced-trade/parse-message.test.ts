import { describe, expect, it } from 'vitest';
import { MalformedFrameError } from '../errors.js';
import { parseAdvancedTradeMessage } from './parse-message.js';

describe('parseAdvancedTradeMessage', () => {
  it('returns the envelope of a channel message as sent', () => {
    const frame =
      '{"channel":"l2_data","client_id":"","timestamp":"2025-01-02T12:00:00Z","sequence_num":4,"events":[{"type":"update","product_id":"BTC-USD","updates":[]}]}';
    expect(parseAdvancedTradeMessage(frame)).toEqual(JSON.parse(frame));
  });

  it("returns the server's error message with its reason", () => {
    expect(
      parseAdvancedTradeMessage('{"type":"error","message":"authentication failure","reason":"jwt expired"}'),
    ).toEqual({ type: 'error', message: 'authentication failure', reason: 'jwt expired' });
    expect(parseAdvancedTradeMessage('{"type":"error"}')).toEqual({ type: 'error', message: '' });
  });

  it.each([
    ['not JSON', '{"channel":', /do not parse/],
    ['an array', '[1,2]', /received an array/],
    ['null', 'null', /received null/],
    ['no sequence_num', '{"channel":"ticker","events":[]}', /channel, sequence_num, events/],
    [
      'events not an array',
      '{"channel":"ticker","sequence_num":1,"events":{}}',
      /channel, sequence_num, events/,
    ],
  ])('throws a MalformedFrameError with an excerpt for %s', (_case, frame, message) => {
    let thrown: unknown;
    try {
      parseAdvancedTradeMessage(frame);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MalformedFrameError);
    expect((thrown as MalformedFrameError).message).toMatch(message);
    expect((thrown as MalformedFrameError).excerpt).toBe(frame.slice(0, 120));
  });
});
