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
  /** Every order created, before it is sent or denied (the signal intake attributes it to its signal). */
  created?(order: Order): void;
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
  parts.created?.(order);
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
  return (
    runtimeRefusal(parts.strategyHalted(), parts.status()) ?? parts.gates.check(order.request, parts.riskView)
  );
}

/** Why no order (and no signal) can be taken now, whatever it is: a halted strategy or a runtime not running. */
export function runtimeRefusal(strategyHalted: boolean, status: RuntimeStatus): Denial | undefined {
  if (strategyHalted)
    return { reason: 'strategy_halted', message: 'the strategy was halted by the error policy' };
  if (status !== 'running') return { reason: 'strategy_halted', message: `the runtime is ${status}` };
  return undefined;
}
