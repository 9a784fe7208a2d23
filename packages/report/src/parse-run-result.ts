/**
 * Reads a run result from JSON and checks every field the report uses, so a wrong file fails with
 * one clear sentence instead of a blank chart: the first bad field, what was expected, what was there.
 */
import { describeValue } from '@tradeloop/errors';
import { Decimal } from 'decimal.js';
import {
  type LiveRunSummary,
  METRIC_NAMES,
  NUMERIC_METRICS,
  type RunCandle,
  type RunConfig,
  type RunMetrics,
  type RunResult,
  type RunTrade,
  type SweepCell,
  type SweepResult,
  type ValuePoint,
  type WorkingOrder,
} from './run-result.js';
import { RunResultError } from './run-result-error.js';

/** The `format` field every run result carries. */
export const RUN_RESULT_FORMAT = 'tradeloop.run-result';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

type Json = Record<string, unknown>;

/**
 * Parses and validates a run result.
 *
 * @param json - the file's text, or a value already parsed from it.
 * @returns the result, typed; metrics missing from a live run are filled in as `null`.
 * @throws {RunResultError} naming the first field that is wrong (`field`, `expected`, `received`).
 * @example
 * const result = parseRunResult(await readFile('result.json', 'utf8'));
 */
export function parseRunResult(json: unknown): RunResult {
  let document: unknown = json;
  if (typeof json === 'string') {
    try {
      document = JSON.parse(json);
    } catch (error) {
      throw new RunResultError('$', 'JSON text', `text that is not JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
  const root = object(document, '$');
  if (root.format !== RUN_RESULT_FORMAT) {
    throw new RunResultError('format', `"${RUN_RESULT_FORMAT}"`, shown(root.format));
  }
  if (root.version !== 1) throw new RunResultError('version', '1', shown(root.version));
  const kind = oneOf(root.kind, 'kind', ['backtest', 'live', 'paper', 'simulated'] as const);
  const config = parseConfig(root.config);
  const trades = array(root.trades, 'trades').map((trade, index) => parseTrade(trade, `trades[${index}]`));
  const equity = parseValuePoints(root.equity, 'equity');
  const buyAndHold = parseValuePoints(root.buyAndHold, 'buyAndHold');
  // fromEntries defines own properties, so no product id (not even "__proto__") reaches a prototype.
  const prices: Record<string, RunCandle[]> = Object.fromEntries(
    Object.entries(object(root.prices, 'prices')).map(([productId, candles]) => [
      productId,
      array(candles, `prices.${productId}`).map((candle, index) =>
        parseCandle(candle, `prices.${productId}[${index}]`),
      ),
    ]),
  );
  const result: RunResult = {
    format: RUN_RESULT_FORMAT,
    version: 1,
    kind,
    config,
    trades,
    equity,
    buyAndHold,
    prices,
    metrics: parseMetricsBlock(root.metrics),
  };
  if (root.orders !== undefined) {
    result.orders = array(root.orders, 'orders').map((order, index) => parseOrder(order, `orders[${index}]`));
  }
  if (root.sweep !== undefined) result.sweep = parseSweep(root.sweep);
  if (root.summary !== undefined) result.summary = parseSummary(root.summary);
  return result;
}

function parseConfig(value: unknown): RunConfig {
  const config = object(value, 'config');
  const parameters = object(config.parameters ?? {}, 'config.parameters');
  for (const [name, parameter] of Object.entries(parameters)) {
    if (typeof parameter !== 'string' && typeof parameter !== 'number' && typeof parameter !== 'boolean') {
      throw new RunResultError(`config.parameters.${name}`, 'a string', describeValue(parameter));
    }
  }
  const products = array(config.products, 'config.products').map((product, index) =>
    string(product, `config.products[${index}]`),
  );
  const parsed: RunConfig = {
    ...config,
    strategy: string(config.strategy, 'config.strategy'),
    parameters: Object.fromEntries(Object.entries(parameters).map(([name, item]) => [name, String(item)])),
    venue: string(config.venue, 'config.venue'),
    products,
  };
  if (config.from !== undefined) parsed.from = time(config.from, 'config.from');
  if (config.to !== undefined) parsed.to = time(config.to, 'config.to');
  if (config.startBalances !== undefined)
    parsed.startBalances = decimalRecord(config.startBalances, 'config.startBalances');
  return parsed;
}

function parseTrade(value: unknown, path: string): RunTrade {
  const trade = object(value, path);
  const parsed: RunTrade = {
    time: time(trade.time, `${path}.time`),
    productId: string(trade.productId, `${path}.productId`),
    side: oneOf(trade.side, `${path}.side`, ['buy', 'sell'] as const),
    price: decimal(trade.price, `${path}.price`),
    size: decimal(trade.size, `${path}.size`),
    fee: decimal(trade.fee, `${path}.fee`),
    liquidity: oneOf(trade.liquidity, `${path}.liquidity`, ['maker', 'taker'] as const),
    clientOrderId: string(trade.clientOrderId, `${path}.clientOrderId`),
  };
  if (trade.pnl !== undefined && trade.pnl !== null) parsed.pnl = decimal(trade.pnl, `${path}.pnl`);
  return parsed;
}

function parseValuePoints(value: unknown, path: string): ValuePoint[] {
  return array(value, path).map((item, index) => {
    const point = object(item, `${path}[${index}]`);
    return {
      time: time(point.time, `${path}[${index}].time`),
      value: decimal(point.value, `${path}[${index}].value`),
    };
  });
}

function parseCandle(value: unknown, path: string): RunCandle {
  const candle = object(value, path);
  return {
    time: time(candle.time, `${path}.time`),
    open: decimal(candle.open, `${path}.open`),
    high: decimal(candle.high, `${path}.high`),
    low: decimal(candle.low, `${path}.low`),
    close: decimal(candle.close, `${path}.close`),
    volume: decimal(candle.volume ?? '0', `${path}.volume`),
  };
}

function parseOrder(value: unknown, path: string): WorkingOrder {
  const order = object(value, path);
  const parsed: WorkingOrder = {
    time: time(order.time, `${path}.time`),
    productId: string(order.productId, `${path}.productId`),
    side: oneOf(order.side, `${path}.side`, ['buy', 'sell'] as const),
    type: string(order.type, `${path}.type`),
    size: decimal(order.size, `${path}.size`),
    status: string(order.status, `${path}.status`),
    clientOrderId: string(order.clientOrderId, `${path}.clientOrderId`),
  };
  if (order.price !== undefined && order.price !== null) parsed.price = decimal(order.price, `${path}.price`);
  return parsed;
}

function parseMetricsBlock(value: unknown): RunResult['metrics'] {
  const metrics = object(value, 'metrics');
  const perProduct: Record<string, RunMetrics> = Object.fromEntries(
    Object.entries(object(metrics.perProduct ?? {}, 'metrics.perProduct')).map(
      ([productId, productMetrics]) => [
        productId,
        parseMetrics(productMetrics, `metrics.perProduct.${productId}`),
      ],
    ),
  );
  return { overall: parseMetrics(metrics.overall, 'metrics.overall'), perProduct };
}

/** Missing metrics become `null` (a live run knows only some); present ones must have the right type. */
function parseMetrics(value: unknown, path: string): RunMetrics {
  const metrics = object(value, path);
  const parsed = {} as Record<keyof RunMetrics, string | number | null>;
  for (const name of METRIC_NAMES) {
    const metric = metrics[name];
    if (metric === undefined || metric === null) parsed[name] = null;
    else if (NUMERIC_METRICS.has(name)) parsed[name] = finiteNumber(metric, `${path}.${name}`);
    else parsed[name] = decimal(metric, `${path}.${name}`);
  }
  return parsed as unknown as RunMetrics;
}

function parseSweep(value: unknown): SweepResult {
  const sweep = object(value, 'sweep');
  const parameters = array(sweep.parameters, 'sweep.parameters').map((name, index) =>
    string(name, `sweep.parameters[${index}]`),
  );
  const cells = array(sweep.cells, 'sweep.cells').map((item, index): SweepCell => {
    const path = `sweep.cells[${index}]`;
    const cell = object(item, path);
    const cellParameters = object(cell.parameters, `${path}.parameters`);
    const parsed: SweepCell = {
      parameters: Object.fromEntries(
        parameters.map((name) => [name, scalarText(cellParameters[name], `${path}.parameters.${name}`)]),
      ),
      metrics: parseMetrics(cell.metrics, `${path}.metrics`),
    };
    if (cell.resultFile !== undefined) parsed.resultFile = string(cell.resultFile, `${path}.resultFile`);
    return parsed;
  });
  return { parameters, rankedBy: string(sweep.rankedBy, 'sweep.rankedBy'), cells };
}

function parseSummary(value: unknown): LiveRunSummary {
  const summary = object(value, 'summary');
  const count = (name: string) => finiteNumber(summary[name] ?? 0, `summary.${name}`);
  const perCurrency = (name: string) => decimalRecord(summary[name] ?? {}, `summary.${name}`);
  const parsed: LiveRunSummary = {
    ...summary,
    ordersPlaced: count('ordersPlaced'),
    ordersFilled: count('ordersFilled'),
    ordersCanceled: count('ordersCanceled'),
    ordersRejected: count('ordersRejected'),
    fills: count('fills'),
    fees: perCurrency('fees'),
    realizedPnl: perCurrency('realizedPnl'),
    unrealizedPnl: perCurrency('unrealizedPnl'),
    finalBalances: perCurrency('finalBalances'),
    reconnects: count('reconnects'),
    gaps: count('gaps'),
  };
  if (summary.stopReason !== undefined) parsed.stopReason = string(summary.stopReason, 'summary.stopReason');
  return parsed;
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RunResultError(path, 'an object', shown(value));
  }
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new RunResultError(path, 'an array', shown(value));
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new RunResultError(path, 'a string', shown(value));
  return value;
}

function scalarText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RunResultError(path, 'a string', shown(value));
}

function decimal(value: unknown, path: string): string {
  if (typeof value !== 'string' || !DECIMAL.test(value) || !new Decimal(value).isFinite()) {
    throw new RunResultError(path, 'a decimal string such as "12.5"', shown(value));
  }
  return value;
}

function decimalRecord(value: unknown, path: string): Record<string, string> {
  const record = object(value, path);
  return Object.fromEntries(
    Object.entries(record).map(([key, item]) => [key, decimal(item, `${path}.${key}`)]),
  );
}

function finiteNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RunResultError(path, 'a finite number', shown(value));
  return value;
}

function time(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new RunResultError(path, 'an ISO 8601 UTC time such as "2025-01-01T00:00:00.000Z"', shown(value));
  }
  return value;
}

function oneOf<const T extends readonly string[]>(value: unknown, path: string, allowed: T): T[number] {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new RunResultError(path, `one of ${allowed.map((item) => `"${item}"`).join(', ')}`, shown(value));
  }
  return value as T[number];
}

/** A value as the error shows it: short strings and numbers quoted as they are, anything else described. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'string' && value.length > 0 && value.length <= 32) return JSON.stringify(value);
  return describeValue(value);
}
