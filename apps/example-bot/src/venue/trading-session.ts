/**
 * What a run trades through, whichever Coinbase API it speaks: the runtime's venue, the products
 * as the status line shows them, and the exchange-side steps of a stop (the sweep of open orders,
 * the final balances). `exchange-session.ts` and `advanced-trade-session.ts` build one each.
 */
import type { Venue } from '@tradeloop/strategy-kit';
import type { EmitBotEvent } from '../activity-reporter.js';
import type { BalanceSummary, OrderIdentity } from '../output/summary.js';
import type { ReportedProduct } from '../portfolio-report.js';

/** What the sweep at shutdown needs. */
export interface SweepRequest {
  /** Client order ids of the bot's orders; other open orders on the account are left alone. */
  ownClientOrderIds: ReadonlySet<string>;
  /** The bot's own belief, reported when the exchange cannot be asked. */
  believedWorking: () => OrderIdentity[];
  emit: EmitBotEvent;
  timeoutMs: number;
}

/** A connected venue, ready for the runtime. */
export interface TradingSession {
  /** How messages name it, e.g. "the Coinbase sandbox". */
  readonly name: string;
  readonly restUrl: string;
  readonly venue: Venue;
  readonly products: readonly ReportedProduct[];
  /** The last traded price per product, from the feed. */
  readonly lastPrices: ReadonlyMap<string, string>;
  /** Reports the feed's own events (connections, subscriptions, gaps) as bot events. */
  reportFeed(emit: EmitBotEvent): void;
  /** Cancels the bot's orders still open on the exchange; resolves with those left. */
  sweepOpenOrders(request: SweepRequest): Promise<OrderIdentity[]>;
  /** Balances as the exchange reports them. */
  readBalances(): Promise<Array<{ currency: string } & BalanceSummary>>;
  /** Closes what the session opened (REST connections, the embedded simulator). */
  close(): Promise<void>;
}
