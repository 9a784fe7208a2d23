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

/** The recorder's fixed parts of a trade line, as bytes (all ASCII). */
const prefix = Buffer.from('{"type":"trade","time":', 'latin1');
const productKey = Buffer.from(',"productId":"', 'latin1');
const tradeIdKey = Buffer.from('","tradeId":"', 'latin1');
const priceKey = Buffer.from('","price":"', 'latin1');
const sizeKey = Buffer.from('","size":"', 'latin1');
const sideKey = Buffer.from('","takerSide":"', 'latin1');
const buyEnd = Buffer.from('buy"}', 'latin1');
const sellEnd = Buffer.from('sell"}', 'latin1');

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
 * @param text the same bytes as a Latin-1 string (one character per byte), where the fields are sliced
 * @param previousProductId the last line's product id: reused (no new string) when equal.
 */
export function readTradeLine(
  bytes: Buffer,
  text: string,
  start: number,
  end: number,
  previousProductId: string | undefined,
): RecordedTrade | undefined {
  const scan = scratch;
  if (!scanTradeLine(bytes, start, end, scan)) return undefined;
  const productId =
    previousProductId !== undefined && spells(bytes, scan.productStart, scan.productEnd, previousProductId)
      ? previousProductId
      : text.slice(scan.productStart, scan.productEnd);
  return {
    type: 'trade',
    time: scan.time,
    productId,
    tradeId: text.slice(scan.tradeIdStart, scan.tradeIdEnd),
    price: text.slice(scan.priceStart, scan.priceEnd),
    size: text.slice(scan.sizeStart, scan.sizeEnd),
    takerSide: scan.takerSide,
  };
}

/** Whether `bytes[start, end)` (ASCII) spells `text`. */
function spells(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let index = 0; index < text.length; index += 1)
    if (bytes[start + index] !== text.charCodeAt(index)) return false;
  return true;
}

/** Where the fields of a trade line are (byte offsets), as {@link scanTradeLine} found them. */
interface TradeLineScan {
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
}

/** The one scan {@link readTradeLine} fills (its fields are overwritten by each line). */
const scratch: TradeLineScan = {
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
};

/**
 * Checks a trade line as {@link readTradeLine} does and fills `scan` with where its fields are,
 * making no string or object: true when `bytes[start, end)` is a trade line as the recorder writes it.
 */
function scanTradeLine(bytes: Buffer, start: number, end: number, scan: TradeLineScan): boolean {
  if (!has(bytes, start, end, prefix)) return false;
  let at = start + prefix.length;
  // time: a whole number of ms, no sign, no leading zero, no fraction or exponent. Up to 15
  // digits: exact in a double, so summing them is what Number() of the text gives.
  const timeStart = at;
  let time = 0;
  while (at < end) {
    const code = bytes[at] as number;
    if (code < 48 || code > 57) break;
    time = time * 10 + (code - 48);
    at += 1;
  }
  const timeDigits = at - timeStart;
  if (timeDigits === 0 || timeDigits > 15 || (timeDigits > 1 && bytes[timeStart] === 48)) return false;
  if (!has(bytes, at, end, productKey)) return false;
  at += productKey.length;
  const productEnd = plainStringEnd(bytes, at, end);
  if (productEnd <= at) return false;
  scan.productStart = at;
  scan.productEnd = productEnd;
  at = productEnd;
  if (!has(bytes, at, end, tradeIdKey)) return false;
  at += tradeIdKey.length;
  const tradeIdEnd = plainStringEnd(bytes, at, end);
  if (tradeIdEnd < 0) return false;
  scan.tradeIdStart = at;
  scan.tradeIdEnd = tradeIdEnd;
  at = tradeIdEnd;
  if (!has(bytes, at, end, priceKey)) return false;
  at += priceKey.length;
  const priceEnd = decimalEnd(bytes, at, end);
  if (priceEnd < 0) return false;
  scan.priceStart = at;
  scan.priceEnd = priceEnd;
  at = priceEnd;
  if (!has(bytes, at, end, sizeKey)) return false;
  at += sizeKey.length;
  const sizeEnd = decimalEnd(bytes, at, end);
  if (sizeEnd < 0) return false;
  scan.sizeStart = at;
  scan.sizeEnd = sizeEnd;
  at = sizeEnd;
  if (!has(bytes, at, end, sideKey)) return false;
  at += sideKey.length;
  if (has(bytes, at, end, buyEnd)) {
    scan.takerSide = 'buy';
    at += buyEnd.length;
  } else if (has(bytes, at, end, sellEnd)) {
    scan.takerSide = 'sell';
    at += sellEnd.length;
  } else return false;
  if (at !== end) return false;
  scan.time = time;
  return true;
}

/** Whether `bytes` hold `part` at `at`, within `end`. */
function has(bytes: Buffer, at: number, end: number, part: Buffer): boolean {
  if (at + part.length > end) return false;
  for (let index = 0; index < part.length; index += 1) if (bytes[at + index] !== part[index]) return false;
  return true;
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
 * followed by a closing quote ends, else -1.
 */
function decimalEnd(bytes: Buffer, at: number, end: number): number {
  let digits = 0;
  let dots = 0;
  for (let index = at; index < end; index += 1) {
    const code = bytes[index] as number;
    if (code >= 48 && code <= 57) digits += 1;
    else if (code === 46) {
      dots += 1;
      if (dots > 1) return -1;
    } else if (code === 34) return digits > 0 ? index : -1;
    else return -1;
  }
  return -1;
}
