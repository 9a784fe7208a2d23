/**
 * One run of the bot, from connecting to the summary:
 *
 * config → venue (embedded simulator or Coinbase, through Exchange or Advanced Trade) → preflight (REST, then the feed) → journal →
 * runtime + strategy → status lines until asked to stop → no new orders, cancel open ones and wait
 * for the exchange to confirm → sweep what is still open → final balances → summary.
 */
import { createRuntime, JournalLockedError } from '@tradeloop/strategy-kit';
import { botLogger, describeError, type EmitBotEvent, reportRuntimeActivity } from './activity-reporter.js';
import { type BotConfig, runtimeRiskLimits } from './config.js';
import { ConfigError } from './config-error.js';
import { recordJournalReplay } from './journal-replay.js';
import type { ConsoleOutput } from './output/console.js';
import { type RunRecorder, type RunSummary, writeSummary } from './output/summary.js';
import { runPaperBot } from './paper/paper-bot.js';
import { finalPortfolio, statusOf } from './portfolio-report.js';
import { aborted, startUnlessStopped } from './run-control.js';
import type { ShutdownTrigger } from './shutdown.js';
import { openSignalSource, reportSignals } from './signals/signal-intake.js';
import { loadBotStrategy } from './strategies/load-strategy.js';
import { openAdvancedTradeSession, tradesThroughAdvancedTrade } from './venue/advanced-trade-session.js';
import { openExchangeSession } from './venue/exchange-session.js';

/** What a run writes to and listens to. */
export interface BotRunContext {
  config: BotConfig;
  console: ConsoleOutput;
  recorder: RunRecorder;
  emit: EmitBotEvent;
  shutdown: ShutdownTrigger;
  now: () => number;
  /** Where the user ran the command (for strategy packages). */
  baseDirectory: string;
  debug: boolean;
}

/** How long to wait for the exchange to confirm the cancels of a stop. */
const CANCEL_TIMEOUT_MS = 10_000;

/**
 * Runs the bot until the shutdown trigger fires, then stops it cleanly and writes the summary.
 *
 * @returns the run summary (also written to `--summary-json` when given).
 * @throws {ConfigError} for a user's mistake found before trading starts; other errors when the
 *   bot cannot start at all.
 */
export async function runBot(context: BotRunContext): Promise<RunSummary> {
  const { config, emit, shutdown, recorder } = context;
  if (config.venue.kind === 'paper')
    return runPaperBot(context, config.venue, { marketDataApi: config.venue.api });
  const venueConfig = config.venue;
  const { strategy, params } = await loadBotStrategy(
    config.strategy,
    config.strategyParameters,
    context.baseDirectory,
  );

  const signalSource = await openSignalSource(config.signals, strategy, emit);
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const session = tradesThroughAdvancedTrade(venueConfig)
      ? await openAdvancedTradeSession(config, venueConfig)
      : await openExchangeSession(config, venueConfig);
    cleanups.push(() => session.close());
    const { venue, products, lastPrices } = session;

    const runtime = createRuntime({
      venue,
      strategy,
      params,
      productIds: config.products,
      risk: runtimeRiskLimits(config.risk),
      // The runtime opens the file journal (or keeps one in memory) and closes it when it stops.
      journalPath: config.journalPath,
      // The journal is a sink like the console: a reject reason echoing a secret is scrubbed.
      journalOptions: {
        redact: (line) => config.secrets.scrub(line),
        compaction:
          config.journalCompactAboveBytes === undefined
            ? false
            : {
                aboveBytes: config.journalCompactAboveBytes,
                // The journal stays whole and is tried again once it has doubled; say so.
                onFailed: (error) =>
                  emit({ type: 'error-reported', source: 'journal compaction', ...describeError(error) }),
              },
      },
      logger: botLogger(emit, { debug: context.debug }),
      existingOrders: 'ignore',
      signalSources: signalSource === undefined ? [] : [signalSource],
    });
    reportSignals(runtime, emit);
    recordJournalReplay(runtime, recorder, emit);
    reportRuntimeActivity(runtime, emit);
    session.reportFeed(emit);

    emit({
      type: 'bot-started',
      venue: `${session.name} (${session.restUrl})`,
      strategy: strategy.name,
      products: config.products,
      journal: config.journalPath,
    });
    try {
      await startUnlessStopped(runtime, shutdown.signal);
    } catch (error) {
      if (JournalLockedError.isInstance(error))
        throw new ConfigError(
          `The journal ${error.path} is in use by another running bot (pid ${error.holderPid}); stop that bot first, or give this one its own --journal.`,
          { cause: error },
        );
      throw error;
    }
    shutdown.stopAfter(config.durationSeconds);
    const status = setInterval(
      () => emit(statusOf(runtime, products, lastPrices)),
      config.statusIntervalSeconds * 1000,
    );
    cleanups.push(() => clearInterval(status));
    await aborted(shutdown.signal);
    clearInterval(status);

    const reason = shutdown.reason ?? 'stopped';
    emit({ type: 'shutdown-started', reason });
    const working = runtime.snapshot().orders.working;
    await runtime.stop({ cancelOpenOrders: true, timeoutMs: CANCEL_TIMEOUT_MS, reason });
    const openOrders = await session.sweepOpenOrders({
      ownClientOrderIds: recorder.knownClientOrderIds(),
      believedWorking: () => recorder.workingOrders(),
      emit,
      timeoutMs: CANCEL_TIMEOUT_MS,
    });
    emit({
      type: 'open-orders-canceled',
      count: working,
      confirmed: Math.max(0, working - openOrders.length),
    });

    const portfolio = await finalPortfolio(() => session.readBalances(), runtime, products, emit);
    const summary = recorder.summarize({
      ...portfolio,
      openOrders,
      stopReason: reason,
      endedAt: context.now(),
    });
    if (config.summaryJsonPath !== undefined)
      await writeSummary(config.summaryJsonPath, summary, (text) => config.secrets.scrub(text));
    emit({ type: 'bot-stopped', reason, summaryPath: config.summaryJsonPath });
    return summary;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
