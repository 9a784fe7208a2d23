import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalPlaces, decimalUnits } from './decimal-units.js';
import { LineReader } from './line-reader.js';
import { parseRecording, type RecordedTrade } from './recording.js';
import { createTradeLineScan, readTradeLine, readTradeLineAhead } from './trade-line.js';

/**
 * Reads `line` (one line, no newline) as the recording cursor does, and checks that the numbers
 * the shortcut read for a trade are its price's and size's.
 */
function readLine(line: string, previousProductId?: string): RecordedTrade | undefined {
  const reader = new LineReader({ bytes: Buffer.from(line) });
  reader.next();
  const scan = createTradeLineScan();
  const read = readTradeLine(reader, previousProductId, scan);
  if (read !== undefined)
    expect([scan.priceUnits, scan.pricePlaces, scan.sizeUnits, scan.sizePlaces]).toEqual([
      decimalUnits(read.price),
      decimalPlaces(read.price),
      decimalUnits(read.size),
      decimalPlaces(read.size),
    ]);
  return read;
}

const header = JSON.stringify({
  format: 'tradeloop.recording',
  version: 1,
  products: ['BTC-USD'],
  channels: ['matches'],
  startedAt: 0,
});
const decimal = fc.oneof(
  fc
    .tuple(fc.nat(10_000_000), fc.option(fc.stringMatching(/^\d{0,8}$/), { nil: undefined }))
    .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`)),
  fc.stringMatching(/^\d{0,20}\.\d{1,20}$/), // long ones (more than 15 digits: no exact count), and `.5`
  fc.stringMatching(/^\d{1,20}\.?$/), // `5.`
);
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
      fc.property(trade, trade, (message: RecordedTrade, other: RecordedTrade) => {
        const line = JSON.stringify(message);
        const read = readLine(line);
        // Strings with escapes or outside printable ASCII are left to JSON.parse; everything else
        // must be read, and equal.
        if (/[\\\u007f-\uffff]/.test(line)) expect(read).toBeUndefined();
        else expect(read).toEqual(JSON.parse(line));
        // Whichever path reads it, a recording holding the line gives the same message.
        expect(parseRecording(`${header}\n${line}\n`).messages).toEqual([JSON.parse(line)]);
        // The previous trade's product id is reused only when it is this line's.
        expect(readLine(line, message.productId)).toEqual(read);
        expect(readLine(line, other.productId)).toEqual(read);
        expect(readLine(line, `${message.productId}X`)).toEqual(read);
        expect(readLine(line, message.productId.slice(1))).toEqual(read);
        // Ids of the same length, one character apart (each compared word must count).
        for (let index = 0; index < message.productId.length; index += 1) {
          const other = `${message.productId.slice(0, index)}${message.productId[index] === 'Q' ? 'R' : 'Q'}${message.productId.slice(index + 1)}`;
          expect(readLine(line, other)).toEqual(read);
        }
      }),
    );
  });

  it('reads a line with any one byte changed as JSON.parse does, or leaves it to the general path', () => {
    fc.assert(
      fc.property(trade, fc.nat(), fc.integer({ min: 32, max: 126 }), (message, position, code) => {
        const bytes = Buffer.from(JSON.stringify(message));
        bytes[position % bytes.length] = code;
        const line = bytes.toString('latin1');
        const read = readLine(line);
        if (read !== undefined) expect(read).toEqual(JSON.parse(line));
      }),
      { numRuns: 2000 },
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
    for (const line of others) expect(readLine(line)).toBeUndefined();
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

  it('reads lines ahead (finding their end as it checks them) exactly as line by line, across chunk edges', () => {
    const directory = mkdtempSync(join(tmpdir(), 'trade-line-'));
    try {
      let file = 0;
      // Trade lines as the recorder writes them, and others: reordered keys, blank, \r\n, broken.
      const line = fc.oneof(
        trade.map((message) => JSON.stringify(message)),
        trade.map((message) => JSON.stringify(message)),
        trade.map((message) =>
          JSON.stringify(message, ['price', 'type', 'time', 'productId', 'tradeId', 'size', 'takerSide']),
        ),
        trade.map((message) => `${JSON.stringify(message)}\r`),
        trade.map((message) => JSON.stringify(message).slice(0, -1)),
        fc.constantFrom('', ' ', '{"type":"book-update"}'),
      );
      fc.assert(
        fc.property(
          fc.array(line, { maxLength: 12 }),
          fc.boolean(),
          fc.integer({ min: 1, max: 200 }),
          (lines, finalNewline, chunkBytes) => {
            const text = lines.join('\n') + (finalNewline ? '\n' : '');
            file += 1;
            const path = join(directory, `lines-${file}.jsonl`);
            writeFileSync(path, text);
            // What each line gives read on its own, as the general path does after next().
            const expected: Array<[number, RecordedTrade | undefined]> = [];
            const byLine = new LineReader({ path }, chunkBytes);
            while (byLine.next()) expected.push([byLine.lineNumber, readTradeLine(byLine, undefined)]);
            const ahead = new LineReader({ path }, chunkBytes);
            const read: Array<[number, RecordedTrade | undefined]> = [];
            for (;;) {
              const taken = readTradeLineAhead(ahead, undefined);
              if (taken !== undefined) read.push([ahead.lineNumber, taken]);
              else if (ahead.next()) read.push([ahead.lineNumber, readTradeLine(ahead, undefined)]);
              else break;
            }
            expect(read).toEqual(expected);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
