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

const prefix = '{"type":"trade","time":';
const productKey = ',"productId":"';
const tradeIdKey = '","tradeId":"';
const priceKey = '","price":"';
const sizeKey = '","size":"';
const sideKey = '","takerSide":"';

/**
 * Reads a trade line written exactly as the recorder writes it (`JSON.stringify` of a
 * {@link RecordedTrade}: these keys in this order, no spaces, no escapes), straight from the
 * recording's text without `JSON.parse`, and checks it as the general path does. Anything else —
 * another message type, other spacing or key order, an escape, a number where a string goes, a
 * value the checks refuse — gives `undefined`, and the caller reads the line with `JSON.parse`
 * and reports what is wrong with it. So this is only a shortcut: it never accepts a line the
 * general path would refuse, nor reads one differently.
 *
 * @param previousProductId the last line's product id: reused (not sliced again) when equal.
 */
export function readTradeLine(
  text: string,
  start: number,
  end: number,
  previousProductId: string | undefined,
): RecordedTrade | undefined {
  const scan = scratch;
  if (!scanTradeLine(text, start, end, scan)) return undefined;
  const productId =
    previousProductId !== undefined &&
    scan.productEnd - scan.productStart === previousProductId.length &&
    text.startsWith(previousProductId, scan.productStart)
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

/** Where the fields of a trade line are (offsets into the text), as {@link scanTradeLine} found them. */
export interface TradeLineScan {
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

/** A scan to fill (one per caller: the fields are overwritten by each line). */
export function newTradeLineScan(): TradeLineScan {
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
  };
}

const scratch = newTradeLineScan();

/**
 * Checks a trade line as {@link readTradeLine} does and fills `scan` with where its fields are,
 * making no string or object: true when the line is a trade line as the recorder writes it.
 */
export function scanTradeLine(text: string, start: number, end: number, scan: TradeLineScan): boolean {
  if (!text.startsWith(prefix, start)) return false;
  let at = start + prefix.length;
  // time: a whole number of ms, no sign, no leading zero, no fraction or exponent.
  const timeStart = at;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    at += 1;
  }
  const timeDigits = at - timeStart;
  if (timeDigits === 0 || timeDigits > 15 || (timeDigits > 1 && text.charCodeAt(timeStart) === 48))
    return false;
  // Up to 15 digits: exact in a double, so summing them is what Number() of the text gives.
  let time = 0;
  for (let index = timeStart; index < at; index += 1) time = time * 10 + (text.charCodeAt(index) - 48);
  if (!text.startsWith(productKey, at)) return false;
  at += productKey.length;
  const productEnd = plainStringEnd(text, at, end);
  if (productEnd <= at) return false;
  scan.productStart = at;
  scan.productEnd = productEnd;
  at = productEnd;
  if (!text.startsWith(tradeIdKey, at)) return false;
  at += tradeIdKey.length;
  const tradeIdEnd = plainStringEnd(text, at, end);
  if (tradeIdEnd < 0) return false;
  scan.tradeIdStart = at;
  scan.tradeIdEnd = tradeIdEnd;
  at = tradeIdEnd;
  if (!text.startsWith(priceKey, at)) return false;
  at += priceKey.length;
  const priceEnd = decimalEnd(text, at, end);
  if (priceEnd < 0) return false;
  scan.priceStart = at;
  scan.priceEnd = priceEnd;
  at = priceEnd;
  if (!text.startsWith(sizeKey, at)) return false;
  at += sizeKey.length;
  const sizeEnd = decimalEnd(text, at, end);
  if (sizeEnd < 0) return false;
  scan.sizeStart = at;
  scan.sizeEnd = sizeEnd;
  at = sizeEnd;
  if (!text.startsWith(sideKey, at)) return false;
  at += sideKey.length;
  if (text.startsWith('buy"}', at)) {
    scan.takerSide = 'buy';
    at += 5;
  } else if (text.startsWith('sell"}', at)) {
    scan.takerSide = 'sell';
    at += 6;
  } else return false;
  if (at !== end) return false;
  scan.time = time;
  return true;
}

/** Where a JSON string without escapes or control characters ends (its closing quote), else -1. */
function plainStringEnd(text: string, at: number, end: number): number {
  for (let index = at; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 34) return index;
    if (code === 92 || code < 32) return -1;
  }
  return -1;
}

/**
 * Where a plain non-negative decimal (`123`, `0.5`, `.5`, `5.`: what `isUnsignedDecimal` accepts)
 * followed by a closing quote ends, else -1.
 */
function decimalEnd(text: string, at: number, end: number): number {
  let digits = 0;
  let dots = 0;
  for (let index = at; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) digits += 1;
    else if (code === 46) {
      dots += 1;
      if (dots > 1) return -1;
    } else if (code === 34) return digits > 0 ? index : -1;
    else return -1;
  }
  return -1;
}
