/**
 * @tradeloop/signals — signals in, orders out: a webhook intake for TradingView alerts and
 * Standard Webhooks senders that hands validated signals to the tradeloop runtime, where the
 * strategy's `onSignal` turns them into orders that pass the risk gates and the kill switch.
 */
export type {
  Signal,
  SignalAction,
  SignalFate,
  SignalOrder,
  SignalOrderType,
  SignalSink,
  SignalSource,
  SignalStatus,
} from '@tradeloop/strategy-kit';
export { InvalidSignalError, SignalStoreError, SignalsConfigError, SignalsError } from './errors.js';
export { followSignal } from './follow-signal.js';
export { parseJsonKeepingNumbers } from './json-text.js';
export { type ParseSignalOptions, parseSignal } from './parse-signal.js';
export { productIdForTicker } from './product-mapping.js';
export { signStandardWebhook } from './webhook/authenticate.js';
export { DEFAULT_MAX_REMEMBERED_SIGNALS } from './webhook/signal-store.js';
export {
  WebhookSignalSource,
  type WebhookSignalSourceEvents,
  type WebhookSignalSourceOptions,
} from './webhook/webhook-signal-source.js';
