import { describe, expect, it } from 'vitest';
import { parseFeedMessage } from '../dispatch/parse-message.js';
import { MalformedFrameError } from '../errors.js';
import {
  AUTHENTICATED_CHANNELS,
  CHANNEL_NAMES,
  canonicalChannel,
  channelNamed,
  channelsFeeding,
  isChannelName,
  isProductless,
  knownMessageTypes,
  messageNamed,
} from './index.js';

describe('channel descriptors', () => {
  it('know every Coinbase Exchange channel, its aliases and its authentication', () => {
    expect(CHANNEL_NAMES).toEqual([
      'heartbeat',
      'status',
      'ticker',
      'ticker_batch',
      'level2',
      'level2_batch',
      'matches',
      'full',
      'user',
      'level3',
      'rfq_matches',
      'balance',
      'auctionfeed',
    ]);
    expect(canonicalChannel('level2_50')).toBe('level2_batch');
    expect(canonicalChannel('ticker_1000')).toBe('ticker_batch');
    expect(isChannelName('level2_50')).toBe(true);
    expect(isChannelName('level9')).toBe(false);
    expect([...AUTHENTICATED_CHANNELS].sort()).toEqual(
      ['balance', 'full', 'level2', 'level3', 'rfq_matches', 'user'].sort(),
    );
    expect(CHANNEL_NAMES.filter(isProductless)).toEqual(['status', 'rfq_matches', 'balance']);
  });

  it('say which book each channel feeds, and which products the heartbeat watches', () => {
    expect(channelsFeeding('level2')).toEqual(['level2', 'level2_batch']);
    expect(channelsFeeding('level3')).toEqual(['full']);
    const watched = CHANNEL_NAMES.filter((name) => channelNamed(name)?.watchedByHeartbeat);
    expect(watched).toEqual([
      'ticker',
      'ticker_batch',
      'level2',
      'level2_batch',
      'matches',
      'full',
      'user',
      'level3',
      'auctionfeed',
    ]);
  });

  it('describe each message type once, and the parser enforces its required fields', () => {
    expect(knownMessageTypes().sort()).toEqual(
      [
        'activate',
        'auction',
        'balance',
        'change',
        'done',
        'error',
        'heartbeat',
        'l2update',
        'last_match',
        'match',
        'open',
        'received',
        'rfq_match',
        'snapshot',
        'status',
        'subscriptions',
        'ticker',
      ].sort(),
    );
    for (const type of knownMessageTypes()) {
      if (type === 'l2update') continue; // checked by hand in the parser
      const descriptor = messageNamed(type);
      for (const [field] of descriptor?.required ?? []) {
        const complete = Object.fromEntries(
          (descriptor?.required ?? []).map(([name, kind]) => [
            name,
            kind === 'array' ? [] : kind === 'number' ? 1 : 'x',
          ]),
        );
        expect(parseFeedMessage(JSON.stringify({ type, ...complete })).type).toBe(type);
        const { [field]: _, ...missing } = complete;
        expect(() => parseFeedMessage(JSON.stringify({ type, ...missing }))).toThrow(MalformedFrameError);
      }
    }
  });
});
