import { describe, expect, it } from 'vitest';
import { messageNamed } from '../channels/index.js';
import { MalformedFrameError, UnknownMessageTypeError } from '../errors.js';
import { describeFeedMessage, parseFeedMessage } from './parse-message.js';

describe('parseFeedMessage', () => {
  it('parses the messages Coinbase documents', () => {
    const l2update = parseFeedMessage(
      '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","10101.80000000","0.162567"]],"time":"2019-08-14T20:42:27.265Z"}',
    );
    expect(l2update).toEqual({
      type: 'l2update',
      product_id: 'BTC-USD',
      changes: [['buy', '10101.80000000', '0.162567']],
      time: '2019-08-14T20:42:27.265Z',
    });
    const match = parseFeedMessage(
      '{"type":"match","trade_id":10,"sequence":50,"maker_order_id":"m","taker_order_id":"t","time":"x","product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}',
    );
    expect(match.type === 'match' && match.price).toBe('400.23');
    expect(parseFeedMessage('{"type":"subscriptions","channels":[]}').type).toBe('subscriptions');
    expect(parseFeedMessage('{"type":"error","message":"Failed to subscribe","reason":"x"}').type).toBe(
      'error',
    );
    // A private done of a stop order carries no sequence.
    expect(
      parseFeedMessage(
        '{"type":"done","product_id":"BTC-USD","order_id":"o","side":"buy","reason":"canceled","time":"t"}',
      ).type,
    ).toBe('done');
  });

  it('keeps prices as the exact wire strings', () => {
    const ticker = parseFeedMessage(
      '{"type":"ticker","sequence":1,"product_id":"ETH-USD","price":"1285.2200000000000001","best_bid":"1285.04","best_ask":"1285.27","time":"t"}',
    );
    expect(ticker.type === 'ticker' && ticker.price).toBe('1285.2200000000000001');
  });

  it('throws typed errors for malformed frames', () => {
    expect(() => parseFeedMessage('not json')).toThrow(MalformedFrameError);
    expect(() => parseFeedMessage('[1,2]')).toThrow(/received an array/);
    expect(() => parseFeedMessage('{"no":"type"}')).toThrow(/"type"/);
    expect(() => parseFeedMessage('{"type":"match","product_id":"BTC-USD"}')).toThrow(/"sequence"/);
    expect(() =>
      parseFeedMessage('{"type":"l2update","product_id":"BTC-USD","changes":[["hold","1","1"]]}'),
    ).toThrow(MalformedFrameError);
    expect(() =>
      parseFeedMessage('{"type":"l2update","product_id":"BTC-USD","changes":[["buy",1,"1"]]}'),
    ).toThrow(MalformedFrameError);
    expect(() => parseFeedMessage('{"type":"open","product_id":"BTC-USD","sequence":"5"}')).toThrow(
      /"sequence"/,
    );
  });

  it('refuses a match without any one of the fields its descriptor requires (the fast check included)', () => {
    const match = {
      type: 'match',
      trade_id: 10,
      sequence: 50,
      maker_order_id: 'm',
      taker_order_id: 't',
      time: 'x',
      product_id: 'BTC-USD',
      size: '5.23512',
      price: '400.23',
      side: 'sell',
    };
    const required = messageNamed('match')?.required ?? [];
    expect(required.length).toBeGreaterThan(0);
    expect(describeFeedMessage({ ...match }, '')).toBe(messageNamed('match'));
    for (const [name, kind] of required) {
      const { [name]: _left, ...without } = match as Record<string, unknown>;
      expect(() => describeFeedMessage(without, ''), `${name} missing`).toThrow(
        new RegExp(`"${name}", received none`),
      );
      const wrong = { ...match, [name]: kind === 'number' ? '50' : 50 };
      expect(() => describeFeedMessage(wrong, ''), `${name} of the wrong kind`).toThrow(MalformedFrameError);
    }
  });

  it('reports unknown types with their name', () => {
    try {
      parseFeedMessage('{"type":"brand_new"}');
      expect.unreachable();
    } catch (error) {
      expect(UnknownMessageTypeError.isInstance(error)).toBe(true);
      expect((error as UnknownMessageTypeError).messageType).toBe('brand_new');
    }
    expect(() => parseFeedMessage('{"type":"toString"}')).toThrow(UnknownMessageTypeError);
  });
});
