/**
 * The strategy the tick-to-order suite hands the example bot (`--strategy <this file>`): on every
 * public trade of its product (the one `--products` names), place the reaction order while the
 * suite has armed this process. Everything else is the bot as users run it: its own venue
 * composition, on-disk journal, risk gates and console output. The suite's messages arrive over the IPC channel of the bot's process.
 */
import { defineStrategy } from '@tradeloop/strategy-kit';
import { profileArmedWindows } from './cpu-profile.js';
import { connectToParent, REACTION_ORDER, traceMark } from './protocol.js';

const profileFolder = process.env.TICK_TO_ORDER_CPU_PROFILE_DIR;
// The bot stops cleanly on SIGTERM (cancels its orders, closes the journal), as on Ctrl-C.
const parent = connectToParent(
  () => process.kill(process.pid, 'SIGTERM'),
  profileFolder ? profileArmedWindows(profileFolder) : undefined,
);

export default defineStrategy({
  name: 'tick-to-order-reaction',
  onStart() {
    parent.ready();
  },
  onTrade(trade, ctx) {
    traceMark('onTrade');
    parent.tradeSeen();
    if (!parent.isArmed()) return;
    ctx.orders.limit({ productId: trade.productId, ...REACTION_ORDER });
  },
});
