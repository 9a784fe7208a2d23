import { EXACT_DIGITS } from './decimal-units.js';
import type { LineReader } from './line-reader.js';

/** A public trade, as a recording message (its format: `recording.ts`). */
export interface RecordedTrade {
  readonly type: 'trade';
  readonly time: number;
  readonly productId: string;
  readonly tradeId: string;
  readonly price: string;
  readonly size: string;
  readonly takerSide: 'buy' | 'sell';
}

/**
 * The recorder's fixed parts of a trade line, as their {@link words}: a line is checked against
 * them four bytes at a time through a `DataView`, not byte by byte. (Each check is written out
 * with its constants: a loop over a part's words made the tick replay about 20 % slower.)
 */
const prefix = '{"type":"trade","time":';
const [prefix0, prefix4, prefix8, prefix12, prefix16, prefix19] = words(prefix);
const productKey = ',"productId":"';
const [product0, product4, product8, product10] = words(productKey);
const tradeIdKey = '","tradeId":"';
const [tradeId0, tradeId4, tradeId8, tradeId9] = words(tradeIdKey);
const priceKey = '","price":"';
const [price0, price4, price7] = words(priceKey);
const sizeKey = '","size":"';
const [size0, size4, size6] = words(sizeKey);
const sideKey = '","takerSide":"';
const [side0, side4, side8, side11] = words(sideKey);
const [buy0, buy1] = words('buy"}');
const [sell0, sell2] = words('sell"}');

/**
 * An ASCII text (4 characters or more) as the 32-bit little-endian words `DataView.getInt32` reads
 * from it: one at every fourth offset, and a last one ending with the text (overlapping the one
 * before when the length is not a multiple of 4).
 */
function words(text: string): number[] {
  const offsets: number[] = [];
  for (let offset = 0; offset < text.length - 4; offset += 4) offsets.push(offset);
  offsets.push(text.length - 4);
  return offsets.map(
    (offset) =>
      text.charCodeAt(offset) |
      (text.charCodeAt(offset + 1) << 8) |
      (text.charCodeAt(offset + 2) << 16) |
      (text.charCodeAt(offset + 3) << 24),
  );
}

/** The line {@link readTradeLine} reads: a {@link LineReader} after `next()` returned true. */
export type TradeLineSource = Pick<LineReader, 'bytes' | 'view' | 'start' | 'end' | 'latin1'>;

/**
 * Reads a trade line written exactly as the recorder writes it (`JSON.stringify` of a
 * {@link RecordedTrade}: these keys in this order, no spaces, no escapes, ASCII only), straight
 * from the recording's bytes without decoding the line or `JSON.parse`, and checks it as the
 * general path does. Anything else — another message type, other spacing or key order, an escape,
 * a character outside ASCII, a number where a string goes, a value the checks refuse — gives
 * `undefined`, and the caller reads the line with `JSON.parse` and reports what is wrong with it.
 * So this is only a shortcut: it never accepts a line the general path would refuse, nor reads one
 * differently.
 *
 * @param previousProductId the last trade's product id: reused (no new string) when this line's is
 * the same. (Reusing the last price and size the same way cost more than it saved.)
 * @param scan what the line's fields were found to be: its {@link TradeLineNumbers} are the returned
 * trade's until the next call.
 */
export function readTradeLine(
  line: TradeLineSource,
  previousProductId: string | undefined,
  scan: TradeLineScan = scratch,
): RecordedTrade | undefined {
  if (scanTradeLine(line.bytes, line.view, line.start, line.end, scan, previousProductId) !== line.end)
    return undefined;
  return tradeOf(line, previousProductId, scan);
}

/**
 * Reads the reader's next line as {@link readTradeLine} does, before the reader has looked for
 * its end: the scan finds where the trade ends, and a `\n` must follow it at once. The reader then
 * takes the line (no search for its newline); otherwise it is left as it was and `undefined`
 * returned (call `next()` and read the line as usual: a line cut by the end of the bytes read so
 * far, the last line without a newline, any other line).
 */
export function readTradeLineAhead(
  reader: LineReader,
  previousProductId: string | undefined,
  scan: TradeLineScan = scratch,
): RecordedTrade | undefined {
  const bytes = reader.bytes;
  const filled = reader.filled;
  const end = scanTradeLine(bytes, reader.view, reader.nextStart, filled, scan, previousProductId);
  if (end < 0 || end >= filled || bytes[end] !== 10) return undefined;
  reader.takeLine(end);
  return tradeOf(reader, previousProductId, scan);
}

/** The trade `scan` found in the line. */
function tradeOf(
  line: TradeLineSource,
  previousProductId: string | undefined,
  scan: TradeLineScan,
): RecordedTrade {
  return {
    type: 'trade',
    time: scan.time,
    productId: scan.productRepeated
      ? (previousProductId as string)
      : line.latin1(scan.productStart, scan.productEnd),
    tradeId: line.latin1(scan.tradeIdStart, scan.tradeIdEnd),
    price: line.latin1(scan.priceStart, scan.priceEnd),
    size: line.latin1(scan.sizeStart, scan.sizeEnd),
    takerSide: scan.takerSide,
  };
}

/**
 * Whether the bytes at `at` are `productId` (an id the shortcut read before: printable ASCII, no
 * quote or backslash) and its closing quote, compared four bytes at a time.
 */
function repeatsProduct(
  bytes: Buffer,
  view: DataView,
  at: number,
  end: number,
  productId: string,
  scan: TradeLineScan,
): boolean {
  const length = productId.length;
  if (at + length >= end || bytes[at + length] !== 34) return false;
  if (length < 4) return spells(bytes, at, at + length, productId);
  if (productId !== scan.wordsProduct) {
    scan.productWords = Int32Array.from(words(productId));
    scan.wordsProduct = productId;
  }
  const productWords = scan.productWords;
  const last = productWords.length - 1;
  for (let index = 0; index < last; index += 1)
    if (view.getInt32(at + 4 * index, true) !== productWords[index]) return false;
  return view.getInt32(at + length - 4, true) === productWords[last];
}

/** Whether `bytes[start, end)` (ASCII) spells `text`. */
function spells(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let index = 0; index < text.length; index += 1)
    if (bytes[start + index] !== text.charCodeAt(index)) return false;
  return true;
}

/**
 * A trade line's price and size as counts of units, read by the shortcut as it checked them (see
 * `decimalUnits` and `decimalPlaces`: -1 units for more than 15 digits), so that nothing reads
 * their strings again for the chart's candles.
 */
export interface TradeLineNumbers {
  readonly priceUnits: number;
  readonly pricePlaces: number;
  readonly sizeUnits: number;
  readonly sizePlaces: number;
}

/** Where the fields of a trade line are (byte offsets), as {@link scanTradeLine} found them. */
export interface TradeLineScan extends TradeLineNumbers {
  time: number;
  productStart: number;
  productEnd: number;
  tradeIdStart: number;
  tradeIdEnd: number;
  priceStart: number;
  priceEnd: number;
  sizeStart: number;
  sizeEnd: number;
  takerSide: 'buy' | 'sell';
  priceUnits: number;
  pricePlaces: number;
  sizeUnits: number;
  sizePlaces: number;
  /** Whether the product id is the previous trade's (see {@link repeatsProduct}). */
  productRepeated: boolean;
  /** The product id whose words {@link repeatsProduct} holds, and the words. */
  wordsProduct: string;
  productWords: Int32Array;
  /** What {@link decimalEnd} read last. */
  decimalUnits: number;
  decimalPlaces: number;
}

/** A scan for {@link readTradeLine} to fill (its fields are overwritten by each line). */
export function createTradeLineScan(): TradeLineScan {
  return {
    time: 0,
    productStart: 0,
    productEnd: 0,
    tradeIdStart: 0,
    tradeIdEnd: 0,
    priceStart: 0,
    priceEnd: 0,
    sizeStart: 0,
    sizeEnd: 0,
    takerSide: 'buy',
    productRepeated: false,
    wordsProduct: '',
    productWords: new Int32Array(0),
    // Doubles from the start, so that no field changes representation later.
    priceUnits: 0.5,
    pricePlaces: 0,
    sizeUnits: 0.5,
    sizePlaces: 0,
    decimalUnits: 0.5,
    decimalPlaces: 0,
  };
}

/** The scan {@link readTradeLine} fills when given none. */
const scratch = createTradeLineScan();

/**
 * Checks a trade line as {@link readTradeLine} does and fills `scan` with where its fields are,
 * making no string or object: where the trade object that starts at `start` ends (just past its
 * `}`, within `end`) when it is written as the recorder writes it, else -1. What follows it is
 * not looked at. `view` is a view of the same bytes.
 */
function scanTradeLine(
  bytes: Buffer,
  view: DataView,
  start: number,
  end: number,
  scan: TradeLineScan,
  previousProductId: string | undefined,
): number {
  let at = start;
  if (
    at + prefix.length > end ||
    view.getInt32(at, true) !== prefix0 ||
    view.getInt32(at + 4, true) !== prefix4 ||
    view.getInt32(at + 8, true) !== prefix8 ||
    view.getInt32(at + 12, true) !== prefix12 ||
    view.getInt32(at + 16, true) !== prefix16 ||
    view.getInt32(at + 19, true) !== prefix19
  )
    return -1;
  at += prefix.length;
  // time: a whole number of ms, no sign, no leading zero, no fraction or exponent. Up to 15
  // digits: exact in a double, so summing them is what Number() of the text gives.
  const timeStart = at;
  let time = 0;
  // Four digits at a time while four bytes are digits (each byte 0x30–0x39: its high half 3, and
  // still 3 with 6 added), then one at a time.
  while (at + 4 <= end) {
    const word = view.getInt32(at, true);
    if ((word & 0xf0f0f0f0) !== 0x30303030 || ((word + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
    time =
      time * 10_000 +
      (word & 0x0f) * 1000 +
      ((word >> 8) & 0x0f) * 100 +
      ((word >> 16) & 0x0f) * 10 +
      ((word >> 24) & 0x0f);
    at += 4;
  }
  while (at < end) {
    const code = bytes[at] as number;
    if (code < 48 || code > 57) break;
    time = time * 10 + (code - 48);
    at += 1;
  }
  const timeDigits = at - timeStart;
  if (timeDigits === 0 || timeDigits > 15 || (timeDigits > 1 && bytes[timeStart] === 48)) return -1;
  if (
    at + productKey.length > end ||
    view.getInt32(at, true) !== product0 ||
    view.getInt32(at + 4, true) !== product4 ||
    view.getInt32(at + 8, true) !== product8 ||
    view.getInt32(at + 10, true) !== product10
  )
    return -1;
  at += productKey.length;
  // Most lines repeat the last trade's product id: compared as words, its end need not be searched.
  let productEnd: number;
  if (previousProductId !== undefined && repeatsProduct(bytes, view, at, end, previousProductId, scan)) {
    productEnd = at + previousProductId.length;
    scan.productRepeated = true;
  } else {
    productEnd = plainStringEnd(bytes, at, end);
    if (productEnd <= at) return -1;
    scan.productRepeated = false;
  }
  scan.productStart = at;
  scan.productEnd = productEnd;
  at = productEnd;
  if (
    at + tradeIdKey.length > end ||
    view.getInt32(at, true) !== tradeId0 ||
    view.getInt32(at + 4, true) !== tradeId4 ||
    view.getInt32(at + 8, true) !== tradeId8 ||
    view.getInt32(at + 9, true) !== tradeId9
  )
    return -1;
  at += tradeIdKey.length;
  const tradeIdEnd = plainStringEnd(bytes, at, end);
  if (tradeIdEnd < 0) return -1;
  scan.tradeIdStart = at;
  scan.tradeIdEnd = tradeIdEnd;
  at = tradeIdEnd;
  if (
    at + priceKey.length > end ||
    view.getInt32(at, true) !== price0 ||
    view.getInt32(at + 4, true) !== price4 ||
    view.getInt32(at + 7, true) !== price7
  )
    return -1;
  at += priceKey.length;
  const priceEnd = decimalEnd(bytes, at, end, scan);
  if (priceEnd < 0) return -1;
  scan.priceStart = at;
  scan.priceEnd = priceEnd;
  scan.priceUnits = scan.decimalUnits;
  scan.pricePlaces = scan.decimalPlaces;
  at = priceEnd;
  if (
    at + sizeKey.length > end ||
    view.getInt32(at, true) !== size0 ||
    view.getInt32(at + 4, true) !== size4 ||
    view.getInt32(at + 6, true) !== size6
  )
    return -1;
  at += sizeKey.length;
  const sizeEnd = decimalEnd(bytes, at, end, scan);
  if (sizeEnd < 0) return -1;
  scan.sizeStart = at;
  scan.sizeEnd = sizeEnd;
  scan.sizeUnits = scan.decimalUnits;
  scan.sizePlaces = scan.decimalPlaces;
  at = sizeEnd;
  if (
    at + sideKey.length > end ||
    view.getInt32(at, true) !== side0 ||
    view.getInt32(at + 4, true) !== side4 ||
    view.getInt32(at + 8, true) !== side8 ||
    view.getInt32(at + 11, true) !== side11
  )
    return -1;
  at += sideKey.length;
  // The object ends with the side: `buy"}` or `sell"}`.
  if (at + 5 <= end && view.getInt32(at, true) === buy0 && view.getInt32(at + 1, true) === buy1) {
    scan.takerSide = 'buy';
    at += 5;
  } else if (at + 6 <= end && view.getInt32(at, true) === sell0 && view.getInt32(at + 2, true) === sell2) {
    scan.takerSide = 'sell';
    at += 6;
  } else return -1;
  scan.time = time;
  return at;
}

/**
 * Where a JSON string of printable ASCII without escapes ends (its closing quote), else -1
 * (anything else goes the general path, which decodes UTF-8).
 */
function plainStringEnd(bytes: Buffer, at: number, end: number): number {
  for (let index = at; index < end; index += 1) {
    const code = bytes[index] as number;
    if (code === 34) return index;
    if (code === 92 || code < 32 || code > 126) return -1;
  }
  return -1;
}

/**
 * Where a plain non-negative decimal (`123`, `0.5`, `.5`, `5.`: what `isUnsignedDecimal` accepts)
 * followed by a closing quote ends, else -1; its `decimalUnits` and `decimalPlaces` go to `scan`.
 */
function decimalEnd(bytes: Buffer, at: number, end: number, scan: TradeLineScan): number {
  let units = 0;
  let dot = -1;
  for (let index = at; index < end; index += 1) {
    const code = bytes[index] as number;
    if (code >= 48 && code <= 57) units = units * 10 + (code - 48);
    else if (code === 46) {
      if (dot >= 0) return -1;
      dot = index;
    } else if (code === 34) {
      const digits = dot < 0 ? index - at : index - at - 1;
      if (digits === 0) return -1;
      scan.decimalUnits = digits > EXACT_DIGITS ? -1 : units;
      scan.decimalPlaces = dot < 0 ? 0 : index - dot - 1;
      return index;
    } else return -1;
  }
  return -1;
}
