import type { Clock } from '@tradeloop/clock';
import type { FileJournalOptions, JournalReplay, JournalSink } from '../execution/journal.js';
import type { ExistingOrderPolicy } from '../execution/reconciliation.js';
import type { ClientOrderIdGenerator } from '../model/ids.js';
import type { BalanceView, PositionSummary } from '../portfolio/portfolio.js';
import type { RiskLimits } from '../risk/gates.js';
import type { Venue } from '../venues/venue.js';
import type { AnyStrategy } from './define-strategy.js';
import type { Logger } from './logger.js';
import type { SignalSource } from './signals.js';

/** When repeated handler errors halt the strategy. */
export interface ErrorPolicy {
  /** Failures within `windowMs` that halt the strategy. Default 10. */
  maxErrors?: number;
  /** Default 60 000. */
  windowMs?: number;
}

/** Everything a runtime is made of. */
export interface RuntimeOptions {
  venue: Venue;
  strategy: AnyStrategy;
  /** Overrides of the strategy's default parameters (validated; unknown keys refused). */
  params?: Record<string, unknown>;
  /** Products to trade and stream, e.g. `['BTC-USD']`. */
  productIds: readonly string[];
  risk?: RiskLimits;
  /** Where the journal lives; without it the journal is kept in memory (nothing survives a restart). */
  journalPath?: string;
  journalOptions?: FileJournalOptions;
  /** Or bring your own journal (tests, backtests; a `MemoryJournal` replays like a file); wins over `journalPath`. */
  journal?: JournalSink & { replay?(): JournalReplay };
  /** Default: the system clock. Use a `ManualClock` to replay or test. */
  clock?: Clock;
  logger?: Logger;
  /** Open orders found at start that this bot does not know. Default `ignore`. */
  existingOrders?: ExistingOrderPolicy;
  /**
   * Open orders on the bot's products that the journal does not know, found at a start after an
   * unclean stop (the journal's lock was left behind: a killed process, an OS crash, a power
   * cut). An OS crash or power cut can lose the journal's last records (its flush to disk
   * overlaps the send), so such an order may be the bot's own. Default: `adopt` when
   * `existingOrders` is `adopt`, else `cancel` (back to a state the journal fully describes).
   * Each is reported in the start's reconciliation summary.
   */
  existingOrdersAfterUncleanStop?: ExistingOrderPolicy;
  errorPolicy?: ErrorPolicy;
  /** Default: random UUIDs. */
  clientOrderIds?: ClientOrderIdGenerator;
  /** After a placement of unknown outcome, look the order up after these delays (ms). */
  lookupDelaysMs?: readonly number[];
  /**
   * Also reconcile every this many ms (default 300 000; 0 turns it off). The `user` channel has
   * no sequence numbers, so a dropped message is only found by asking.
   */
  reconcileIntervalMs?: number;
  /**
   * Where external signals come from (a webhook server, a file, a message bus): started after
   * `onStart`, stopped first at `stop()`; each signal reaches the strategy's `onSignal`. Needs a
   * strategy with an `onSignal` handler.
   */
  signalSources?: readonly SignalSource[];
}

/** Options of {@link Runtime.stop}. */
export interface StopOptions {
  /** Cancel the bot's working orders before closing. Default false (orders stay on the book). */
  cancelOpenOrders?: boolean;
  /**
   * How long to wait for cancels to be confirmed and venue calls to come back (ms on the runtime's
   * clock: with a `ManualClock` the wait ends when the venue answers or the test moves time). Default 10 000.
   */
  timeoutMs?: number;
  /** Recorded in `runtime-stopped`. */
  reason?: string;
  /** Reconcile once more before closing, so nothing the feed lost at the end is missed. Default true. */
  reconcile?: boolean;
}

/** Where the runtime is in its life. */
export type RuntimeStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** The runtime's state at a moment, for summaries. */
export interface RuntimeSnapshot {
  readonly status: RuntimeStatus;
  readonly strategy: string;
  readonly startedAt: number | undefined;
  readonly at: number;
  readonly positions: readonly PositionSummary[];
  readonly balances: readonly BalanceView[];
  readonly orders: {
    readonly working: number;
    readonly submitted: number;
    readonly filled: number;
    readonly canceled: number;
    readonly rejected: number;
    readonly denied: number;
  };
  readonly fills: number;
  readonly handlerErrors: number;
  readonly reconciliations: number;
  readonly killSwitch: { readonly reason: string; readonly source: string; readonly at: number } | undefined;
  readonly strategyHalted: boolean;
}
