import { type RequestTarget, refuse, requireDecimal, requireId, requireOneOf } from '../validation.js';
import type {
  AdvancedTradeCreateOrderRequest,
  AdvancedTradeOrderConfigurationKind,
  AdvancedTradeSide,
} from './wire-types.js';

const CREATE: RequestTarget = { method: 'POST', path: '/api/v3/brokerage/orders' };

/** The fields each configuration needs (besides `end_time`, `post_only` and `stop_direction`). */
const REQUIRED_DECIMALS: Readonly<Record<AdvancedTradeOrderConfigurationKind, readonly string[]>> = {
  market_market_ioc: [],
  sor_limit_ioc: ['base_size', 'limit_price'],
  limit_limit_gtc: ['base_size', 'limit_price'],
  limit_limit_gtd: ['base_size', 'limit_price'],
  limit_limit_fok: ['base_size', 'limit_price'],
  stop_limit_stop_limit_gtc: ['base_size', 'limit_price', 'stop_price'],
  stop_limit_stop_limit_gtd: ['base_size', 'limit_price', 'stop_price'],
  trigger_bracket_gtc: ['base_size', 'limit_price', 'stop_trigger_price'],
  trigger_bracket_gtd: ['base_size', 'limit_price', 'stop_trigger_price'],
};

/** The configuration names Advanced Trade accepts for spot orders. */
export const ORDER_CONFIGURATION_KINDS = Object.keys(
  REQUIRED_DECIMALS,
) as AdvancedTradeOrderConfigurationKind[];

/** A create-order request checked and serialized once: these bytes are sent on every attempt. */
export interface PreparedAdvancedTradeOrder {
  body: string;
  clientOrderId: string;
  productId: string;
  side: AdvancedTradeSide;
}

/**
 * Checks a create-order request before any I/O (money as decimal strings, exactly one known
 * configuration with its fields) and gives it a `client_order_id` when it has none.
 * @throws {InvalidRequestError} naming the field, what was expected and what was received.
 */
export function prepareAdvancedTradeOrder(
  request: AdvancedTradeCreateOrderRequest,
  newClientOrderId: () => string,
): PreparedAdvancedTradeOrder {
  if (typeof request !== 'object' || request === null) refuse(CREATE, 'expected an order request object');
  const productId = requireId(CREATE, 'product_id', request.product_id);
  const side = requireOneOf(CREATE, 'side', request.side, ['BUY', 'SELL'] as const);
  const clientOrderId =
    request.client_order_id === undefined
      ? newClientOrderId()
      : requireId(CREATE, 'client_order_id', request.client_order_id);
  const configuration = request.order_configuration as unknown;
  if (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration)) {
    refuse(CREATE, 'expected order_configuration as an object with exactly one configuration');
  }
  const entries = Object.entries(configuration as Record<string, unknown>);
  if (entries.length !== 1) {
    refuse(
      CREATE,
      `expected exactly one order configuration, received ${entries.length} (${entries.map(([key]) => key).join(', ') || 'none'})`,
    );
  }
  const [kindText, fieldsValue] = entries[0] as [string, unknown];
  const kind = requireOneOf(CREATE, 'the order configuration', kindText, ORDER_CONFIGURATION_KINDS);
  if (typeof fieldsValue !== 'object' || fieldsValue === null)
    refuse(CREATE, `expected order_configuration.${kind} as an object`);
  const fields = fieldsValue as Record<string, unknown>;
  for (const field of REQUIRED_DECIMALS[kind]) requireDecimal(CREATE, `${kind}.${field}`, fields[field]);
  if (kind === 'market_market_ioc') {
    const hasQuote = fields.quote_size !== undefined;
    const hasBase = fields.base_size !== undefined;
    if (hasQuote === hasBase)
      refuse(CREATE, 'expected market_market_ioc with exactly one of quote_size and base_size');
    requireDecimal(
      CREATE,
      `market_market_ioc.${hasQuote ? 'quote_size' : 'base_size'}`,
      hasQuote ? fields.quote_size : fields.base_size,
    );
  }
  if (kind.endsWith('_gtd')) {
    const endTime = fields.end_time;
    if (typeof endTime !== 'string' || Number.isNaN(Date.parse(endTime))) {
      refuse(CREATE, `expected ${kind}.end_time as an RFC 3339 time such as "2030-01-01T00:00:00Z"`);
    }
  }
  if (kind.startsWith('stop_limit')) {
    requireOneOf(CREATE, `${kind}.stop_direction`, fields.stop_direction, [
      'STOP_DIRECTION_STOP_UP',
      'STOP_DIRECTION_STOP_DOWN',
    ] as const);
  }
  if (fields.post_only !== undefined && typeof fields.post_only !== 'boolean') {
    refuse(CREATE, `expected ${kind}.post_only as a boolean`);
  }
  const body: Record<string, unknown> = {
    client_order_id: clientOrderId,
    product_id: productId,
    side,
    order_configuration: { [kind]: fields },
  };
  if (request.retail_portfolio_id !== undefined) {
    body.retail_portfolio_id = requireId(CREATE, 'retail_portfolio_id', request.retail_portfolio_id);
  }
  return { body: JSON.stringify(body), clientOrderId, productId, side };
}
