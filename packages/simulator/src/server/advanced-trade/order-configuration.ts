import type { PlaceOrderRequestWire } from '../../exchange/contract.js';

/** The `order_configuration` keys Advanced Trade accepts for spot orders. */
export const ORDER_CONFIGURATION_KINDS = [
  'market_market_ioc',
  'sor_limit_ioc',
  'limit_limit_gtc',
  'limit_limit_gtd',
  'limit_limit_fok',
  'stop_limit_stop_limit_gtc',
  'stop_limit_stop_limit_gtd',
  'trigger_bracket_gtc',
  'trigger_bracket_gtd',
] as const;
export type OrderConfigurationKind = (typeof ORDER_CONFIGURATION_KINDS)[number];

/** An Advanced Trade order request translated for the shared engine, plus what only AT knows. */
export interface TranslatedOrder {
  kind: OrderConfigurationKind;
  /** The configuration exactly as the client sent it (echoed back in orders). */
  configuration: Record<string, unknown>;
  /** The Exchange-shaped request the engine runs (the bracket's take-profit leg for brackets). */
  engineRequest: PlaceOrderRequestWire;
  /** GTD orders: when the simulator expires them (ms since the epoch). */
  endTimeMs: number | undefined;
  /** Brackets: the stop trigger price, as sent. */
  stopTriggerPrice: string | undefined;
}

/** A request the simulator refuses before it reaches the engine: 400 `INVALID_ARGUMENT`. */
export interface ConfigurationProblem {
  message: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/**
 * Reads `side`, `product_id` and the single `order_configuration` entry of a create-order body and
 * turns them into the engine's Exchange-shaped request: limit orders keep their time in force
 * (`sor_limit_ioc` → IOC, `limit_limit_fok` → FOK), GTD orders rest as GTC until the simulator
 * expires them at `end_time`, stop-limits become Exchange stops (`STOP_DIRECTION_STOP_DOWN` → `loss`,
 * `STOP_UP` → `entry`), and a bracket's take-profit leg rests as a GTC limit order.
 */
export function translateOrder(
  body: Record<string, unknown>,
  nowMs: number,
): { ok: true; value: TranslatedOrder } | { ok: false; problem: ConfigurationProblem } {
  const fail = (message: string) => ({ ok: false as const, problem: { message } });
  const side = body.side;
  if (side !== 'BUY' && side !== 'SELL')
    return fail(`side: expected BUY or SELL, received ${JSON.stringify(side)}`);
  const productId = text(body.product_id);
  if (productId === undefined) return fail('product_id: required');
  const configurationObject = body.order_configuration;
  if (
    typeof configurationObject !== 'object' ||
    configurationObject === null ||
    Array.isArray(configurationObject)
  ) {
    return fail('order_configuration: required');
  }
  const entries = Object.entries(configurationObject as Record<string, unknown>);
  if (entries.length !== 1) return fail('order_configuration: expected exactly one configuration');
  const [kindText, rawConfiguration] = entries[0] as [string, unknown];
  if (!(ORDER_CONFIGURATION_KINDS as readonly string[]).includes(kindText)) {
    return fail(`order_configuration: unsupported configuration ${kindText}`);
  }
  if (typeof rawConfiguration !== 'object' || rawConfiguration === null || Array.isArray(rawConfiguration)) {
    return fail(`order_configuration.${kindText}: expected an object`);
  }
  const kind = kindText as OrderConfigurationKind;
  const configuration = rawConfiguration as Record<string, unknown>;
  const engineRequest: PlaceOrderRequestWire = {
    product_id: productId,
    side: side === 'BUY' ? 'buy' : 'sell',
  };

  if (kind === 'market_market_ioc') {
    const quoteSize = text(configuration.quote_size);
    const baseSize = text(configuration.base_size);
    if ((quoteSize === undefined) === (baseSize === undefined)) {
      return fail('market_market_ioc: expected exactly one of quote_size and base_size');
    }
    engineRequest.type = 'market';
    if (quoteSize !== undefined) engineRequest.funds = quoteSize;
    else engineRequest.size = baseSize;
    return {
      ok: true,
      value: { kind, configuration, engineRequest, endTimeMs: undefined, stopTriggerPrice: undefined },
    };
  }

  const baseSize = text(configuration.base_size);
  const limitPrice = text(configuration.limit_price);
  if (baseSize === undefined) return fail(`${kind}.base_size: required`);
  if (limitPrice === undefined) return fail(`${kind}.limit_price: required`);
  engineRequest.type = 'limit';
  engineRequest.size = baseSize;
  engineRequest.price = limitPrice;
  engineRequest.time_in_force = kind === 'sor_limit_ioc' ? 'IOC' : kind === 'limit_limit_fok' ? 'FOK' : 'GTC';
  if (kind === 'limit_limit_gtc' || kind === 'limit_limit_gtd') {
    const postOnly = configuration.post_only;
    if (postOnly !== undefined && typeof postOnly !== 'boolean') {
      return fail(`${kind}.post_only: expected a boolean, received ${JSON.stringify(postOnly)}`);
    }
    engineRequest.post_only = postOnly === true;
  }

  let endTimeMs: number | undefined;
  if (kind.endsWith('_gtd')) {
    const endTime = text(configuration.end_time);
    const parsed = endTime === undefined ? Number.NaN : Date.parse(endTime);
    if (Number.isNaN(parsed)) return fail(`${kind}.end_time: expected an RFC 3339 time`);
    if (parsed <= nowMs) return fail(`${kind}.end_time: must be in the future`);
    endTimeMs = parsed;
  }

  if (kind === 'stop_limit_stop_limit_gtc' || kind === 'stop_limit_stop_limit_gtd') {
    const stopPrice = text(configuration.stop_price);
    if (stopPrice === undefined) return fail(`${kind}.stop_price: required`);
    const direction = configuration.stop_direction;
    if (direction !== 'STOP_DIRECTION_STOP_UP' && direction !== 'STOP_DIRECTION_STOP_DOWN') {
      return fail(`${kind}.stop_direction: expected STOP_DIRECTION_STOP_UP or STOP_DIRECTION_STOP_DOWN`);
    }
    engineRequest.stop = direction === 'STOP_DIRECTION_STOP_DOWN' ? 'loss' : 'entry';
    engineRequest.stop_price = stopPrice;
  }

  let stopTriggerPrice: string | undefined;
  if (kind === 'trigger_bracket_gtc' || kind === 'trigger_bracket_gtd') {
    stopTriggerPrice = text(configuration.stop_trigger_price);
    if (stopTriggerPrice === undefined || !/^\d+(\.\d+)?$/.test(stopTriggerPrice)) {
      return fail(`${kind}.stop_trigger_price: expected a decimal string`);
    }
  }
  return { ok: true, value: { kind, configuration, engineRequest, endTimeMs, stopTriggerPrice } };
}
