import { ManualClock } from '@tradeloop/clock';
import type { Caller, ExchangeEvent, OrderWire } from './contract.js';
import { createExchange, type SimulatedExchange } from './exchange.js';
import type { ExchangeOptions } from './exchange-options.js';

/** An exchange on a manual clock with two funded profiles and a recorded event stream (tests only). */
export function exchangeWithTwoTraders(options: ExchangeOptions = {}) {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const exchange = createExchange({ clock, seed: 3, ...options });
  const events: ExchangeEvent[] = [];
  exchange.onEvent((event) => events.push(event));
  const funded = { USD: '1000000', BTC: '100', ETH: '1000' };
  const alice = exchange.caller(exchange.addProfile({ balances: funded }).profileId);
  const bob = exchange.caller(exchange.addProfile({ balances: funded }).profileId);
  return { clock, exchange, events, alice, bob };
}

/** Places an order on BTC-USD (unless the request names a product) and fails the test when it is refused. */
export function placeOk(
  exchange: SimulatedExchange,
  caller: Caller,
  request: Record<string, unknown>,
): OrderWire {
  const result = exchange.placeOrder(caller, { product_id: 'BTC-USD', ...request });
  if (!result.ok) throw new Error(`order refused: ${result.error.status} ${result.error.message}`);
  return result.value;
}

/** The order's current wire form. */
export function current(exchange: SimulatedExchange, caller: Caller, id: string): OrderWire {
  const result = exchange.getOrder(caller, id);
  if (!result.ok) throw new Error(`order ${id} not found: ${result.error.message}`);
  return result.value;
}

/** Full-channel message types in order, with the order id they concern. */
export function fullMessages(events: ExchangeEvent[]): Array<Record<string, unknown>> {
  return events.flatMap((event) => (event.kind === 'full' ? [event.message] : []));
}
