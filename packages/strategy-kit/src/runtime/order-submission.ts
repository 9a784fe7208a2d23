import type { Clock } from '@tradeloop/clock';
import type { OrderManager } from '../execution/order-manager.js';
import type { ClientOrderId } from '../model/ids.js';
import type { Order } from '../model/order.js';
import type { ProductRules } from '../model/product-rules.js';
import type { Denial, RiskGates, RiskView } from '../risk/gates.js';
import type { KillSwitch } from '../risk/kill-switch.js';
import { buildOrderRequest, type OrderCommand } from './commands.js';
import type { OrderOutcomes } from './order-outcomes.js';
import type { RuntimeStatus } from './runtime-options.js';

/** What a strategy's order command goes through on its way to the venue. */
export interface OrderSubmissionParts {
  readonly clock: Clock;
  readonly orders: OrderManager;
  readonly gates: RiskGates;
  readonly riskView: RiskView;
  readonly killSwitch: KillSwitch;
  readonly outcomes: OrderOutcomes;
  rules(productId: string): ProductRules;
  strategyHalted(): boolean;
  status(): RuntimeStatus;
}

/**
 * Command → validated, rounded request → tracked order → kill switch, error policy, runtime state
 * and risk gates → sent (journaled first) or denied with a reason. Returns the client order id
 * at once either way; the order's fate comes as events.
 */
export function submitOrder(parts: OrderSubmissionParts, command: OrderCommand): ClientOrderId {
  const rules = parts.rules(command.input.productId);
  const clientOrderId = parts.orders.newClientOrderId();
  const built = buildOrderRequest(command, rules, clientOrderId);
  const order = parts.orders.create(built.request);
  const denial = built.denial ?? gateDenial(parts, order);
  if (denial !== undefined) {
    parts.outcomes.denying(order, denial);
    parts.orders.deny(order, `${denial.reason}: ${denial.message}`);
    return clientOrderId;
  }
  const sent = parts.orders.send(order, (message) =>
    parts.outcomes.denying(order, { reason: 'journal_failed', message }),
  );
  if (sent) parts.gates.recordSent(parts.clock.now());
  return clientOrderId;
}

function gateDenial(parts: OrderSubmissionParts, order: Order): Denial | undefined {
  const killSwitch = parts.killSwitch.state;
  if (killSwitch !== undefined)
    return { reason: 'kill_switch', message: `kill switch engaged: ${killSwitch.reason}` };
  if (parts.strategyHalted())
    return { reason: 'strategy_halted', message: 'the strategy was halted by the error policy' };
  const status = parts.status();
  if (status !== 'running') return { reason: 'strategy_halted', message: `the runtime is ${status}` };
  return parts.gates.check(order.request, parts.riskView);
}
