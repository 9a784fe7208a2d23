import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecording, type RecordedTrade } from './recording.js';
import { readTradeLine } from './trade-line.js';

const header = JSON.stringify({
  format: 'tradeloop.recording',
  version: 1,
  products: ['BTC-USD'],
  channels: ['matches'],
  startedAt: 0,
});
const decimal = fc
  .tuple(fc.nat(10_000_000), fc.option(fc.stringMatching(/^\d{0,8}$/), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`));
const trade = fc.record({
  type: fc.constant('trade' as const),
  time: fc.nat(999_999_999_999_999), // up to 15 digits: longer times are left to JSON.parse
  productId: fc.stringMatching(/^[A-Z]{1,5}-[A-Z]{1,5}$/),
  tradeId: fc.oneof(fc.string(), fc.string({ unit: 'binary' })), // ASCII, and any UTF-16
  price: decimal,
  size: decimal,
  takerSide: fc.constantFrom('buy' as const, 'sell' as const),
});

describe('readTradeLine (the recorder-format shortcut)', () => {
  it('reads every trade line the recorder writes exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(trade, (message: RecordedTrade) => {
        const line = JSON.stringify(message);
        const bytes = Buffer.from(line);
        const read = readTradeLine(bytes, bytes.toString('latin1'), 0, bytes.length, undefined);
        // Strings with escapes or outside printable ASCII are left to JSON.parse; everything else
        // must be read, and equal.
        if (/[\\\u007f-\uffff]/.test(line)) expect(read).toBeUndefined();
        else expect(read).toEqual(JSON.parse(line));
        // Whichever path reads it, a recording holding the line gives the same message.
        expect(parseRecording(`${header}\n${line}\n`).messages).toEqual([JSON.parse(line)]);
        expect(readTradeLine(bytes, bytes.toString('latin1'), 0, bytes.length, message.productId)).toEqual(
          read,
        );
      }),
    );
  });

  it('leaves any other line to the general path (which reads or refuses it with its line number)', () => {
    const good = JSON.stringify({
      type: 'trade',
      time: 1,
      productId: 'BTC-USD',
      tradeId: '7',
      price: '1.5',
      size: '2',
      takerSide: 'buy',
    });
    const others = [
      good.replace('"1.5"', '"-1.5"'),
      good.replace('"1.5"', '"1e3"'),
      good.replace('"1.5"', '"."'),
      good.replace('"time":1', '"time":01'),
      good.replace('"time":1', '"time":1.5'),
      good.replace('"time":1', '"time":1000000000000000'),
      good.replace('"buy"', '"BUY"'),
      good.replace('"tradeId":"7"', '"tradeId":7'),
      good.replace('"productId":"BTC-USD"', '"productId":""'),
      `${good} `,
      good.replace('{"type":"trade",', '{ "type":"trade",'),
      good.slice(0, -1),
    ];
    for (const line of others)
      expect(readTradeLine(Buffer.from(line), line, 0, line.length, undefined)).toBeUndefined();
    // Through parseRecording: the refused ones are refused with their line, the others read.
    for (const line of others) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      const text = `${header}\n${line}\n`;
      const valid =
        typeof parsed === 'object' &&
        parsed !== null &&
        /^\d+(\.\d*)?$|^\.\d+$/.test(String((parsed as RecordedTrade).price)) &&
        Number.isSafeInteger((parsed as RecordedTrade).time) &&
        (parsed as RecordedTrade).productId !== '' &&
        ['buy', 'sell'].includes((parsed as RecordedTrade).takerSide);
      if (valid) expect(parseRecording(text).messages).toEqual([parsed]);
      else expect(() => parseRecording(text).messages).toThrow(/line 2|:2/);
    }
  });
});
