/**
 * Follows external signals (TradingView alerts, signed webhooks) received by `--signals-listen`:
 * each signal becomes the order it asks for, through the risk gates and the kill switch like any
 * other order. The mapping of actions to orders is `followSignal` from @tradeloop/signals.
 *
 * Run it: `TRADELOOP_SIGNALS_SECRET=… pnpm --filter example-bot start -- --strategy signal-follower --signals-listen 127.0.0.1:8787`.
 */
import { followSignal } from '@tradeloop/signals';
import { defineStrategy } from '@tradeloop/strategy-kit';

export default defineStrategy({
  name: 'signal-follower',
  description: 'places the orders that external signals ask for (needs --signals-listen)',
  onSignal: followSignal,
});
