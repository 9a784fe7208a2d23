/**
 * A paper run (`--paper`): live public market data, orders filled by the backtest's tick model in
 * this process. No key is read and nothing is sent to an exchange but public subscriptions and
 * `GET /products`.
 *
 * market data (no key) → products (public) → paper venue (waits for the first message: the clock
 * starts there) → journal → runtime on the market's clock → trading until asked to stop → the
 * market stops (nothing fills any more) → cancel open orders → final balances → summary.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BacktestError,
  createPaperVenue,
  defaultFeeRates,
  type PaperVenue,
  parseFeeRates,
  RecordingWriter,
} from '@tradeloop/backtest';
import { createRuntime, productRulesFromWire } from '@tradeloop/strategy-kit';
import { botLogger } from '../activity-reporter.js';
import type { BotRunContext } from '../bot.js';
import { DEFAULTS } from '../config/options.js';
import { type PaperSettings, runtimeRiskLimits, type VenueConfig } from '../config.js';
import { ConfigError } from '../config-error.js';
import { recordJournalReplay } from '../journal-replay.js';
import type { RunSummary } from '../output/summary.js';
import { writeSummary } from '../output/summary.js';
import { finalPortfolio, statusOf } from '../portfolio-report.js';
import { aborted, startUnlessStopped } from '../run-control.js';
import { openSignalSource, reportSignals } from '../signals/signal-intake.js';
import { loadBotStrategy } from '../strategies/load-strategy.js';
import { preflight } from '../venue/preflight.js';
import { type MarketDataApi, openPaperMarketData } from './paper-market-data.js';

/** How long the market may take to send its first trade or book. */
const FIRST_MESSAGE_TIMEOUT_MS = 15_000;
const CANCEL_TIMEOUT_MS = 10_000;

/** Options of {@link runPaperBot}. */
export interface PaperBotOptions {
  /**
   * Whose public market data to trade on: Coinbase Exchange's feed (default) or Advanced Trade's
   * (`market_trades` + `level2`, products from `/market/products`). A custom venue's URLs are used
   * as given; a Coinbase environment maps to that API's own hosts.
   */
  marketDataApi?: MarketDataApi;
}

/** Runs the bot on paper until the shutdown trigger fires; returns the summary (marked `paper`). */
export async function runPaperBot(
  context: BotRunContext,
  venueConfig: Extract<VenueConfig, { kind: 'paper' }>,
  options: PaperBotOptions = {},
): Promise<RunSummary> {
  const { config, emit, shutdown, recorder } = context;
  const settings = config.paper as PaperSettings;
  const { strategy, params } = await loadBotStrategy(
    config.strategy,
    config.strategyParameters,
    context.baseDirectory,
  );
  const signalSource = await openSignalSource(config.signals, strategy, emit);
  // No credentials are handed to anything here: the market data client cannot sign a request.
  const market = openPaperMarketData(options.marketDataApi ?? 'exchange', venueConfig);
  const marketName = market.name;
  const cleanups: Array<() => Promise<void> | void> = [() => market.source.close()];
  try {
    const { products } = await preflight(market.productList, config.products, marketName, {
      accounts: false,
    });
    const balances = settings.balances ?? defaultBalances(products);
    const fees = paperFees(settings.fees);
    let recording: { writer: RecordingWriter; path: string } | undefined;
    if (settings.recordDirectory !== undefined) {
      mkdirSync(settings.recordDirectory, { recursive: true });
      const startedAt = new Date(context.now()).toISOString();
      const path = join(settings.recordDirectory, `paper-${startedAt.replace(/[:.]/g, '-')}.jsonl`);
      recording = {
        path,
        writer: new RecordingWriter(path, {
          products: config.products,
          channels: [...market.channels],
          startedAt,
          productRules: products,
        }),
      };
      const writer = recording.writer;
      cleanups.push(() => writer.close());
    }
    let venue: PaperVenue;
    try {
      venue = createPaperVenue({
        marketData: market.source,
        products: config.products,
        productRules: products.map((product) => productRulesFromWire(product)),
        balances,
        fees,
        latencyMs: settings.latencyMs,
        ...(recording === undefined ? {} : { recording: recording.writer }),
      });
    } catch (error) {
      if (BacktestError.isInstance(error))
        throw new ConfigError(`The paper account cannot start: ${error.message}; correct --balances.`, {
          cause: error,
        });
      throw error;
    }
    const runtime = createRuntime({
      venue,
      // The market's clock: strategy timers run on market time, so a recording of this session
      // backtests to the same decisions and fills.
      clock: venue.clock,
      strategy,
      params,
      productIds: config.products,
      risk: runtimeRiskLimits(config.risk),
      journalPath: config.journalPath,
      logger: botLogger(emit, { debug: context.debug }),
      existingOrders: 'ignore',
      // The paper exchange is in this process: there is nothing to reconcile against.
      reconcileIntervalMs: 0,
      signalSources: signalSource === undefined ? [] : [signalSource],
    });
    reportSignals(runtime, emit);
    recordJournalReplay(runtime, recorder, emit);
    market.reportActivity(runtime, config.products, emit);

    await openMarket(venue, marketName, market.feedUrl, shutdown.signal);
    emit({
      type: 'bot-started',
      venue: `paper (market data from ${marketName}, ${market.feedUrl})`,
      strategy: strategy.name,
      products: config.products,
      journal: config.journalPath,
    });
    context.console.note(
      `paper account: ${Object.entries(balances)
        .map(([currency, amount]) => `${amount} ${currency}`)
        .join(', ')}; fees maker ${fees.maker} taker ${fees.taker}; latency ${settings.latencyMs} ms${
        recording === undefined ? '' : `; recording to ${recording.path}`
      }`,
    );
    await startUnlessStopped(runtime, shutdown.signal);
    if (!shutdown.signal.aborted) venue.run(runtime);
    shutdown.stopAfter(config.durationSeconds);
    const lastPrices = new Map<string, string>();
    const status = setInterval(() => {
      for (const product of products) {
        const price = venue.lastPrice(product.id);
        if (price !== undefined) lastPrices.set(product.id, price.toFixed());
      }
      emit(statusOf(runtime, products, lastPrices));
    }, config.statusIntervalSeconds * 1000);
    cleanups.push(() => clearInterval(status));
    await aborted(shutdown.signal);
    clearInterval(status);

    const reason = shutdown.reason ?? 'stopped';
    emit({ type: 'shutdown-started', reason });
    // The market ends first: nothing fills any more, and cancels apply at once.
    await venue.stopMarket();
    // Past the market's end the runtime's waits follow the wall clock, so none can hang.
    const wallTime = setInterval(() => venue.clock.advanceBy(100), 100);
    cleanups.push(() => clearInterval(wallTime));
    const working = runtime.snapshot().orders.working;
    await runtime.stop({ cancelOpenOrders: true, timeoutMs: CANCEL_TIMEOUT_MS, reason, reconcile: false });
    clearInterval(wallTime);
    const openOrders = (await venue.openOrders()).map((order) => ({
      clientOrderId: order.clientOrderId ?? '',
      orderId: order.orderId,
      productId: order.productId,
    }));
    emit({
      type: 'open-orders-canceled',
      count: working,
      confirmed: Math.max(0, working - openOrders.length),
    });

    const portfolio = await finalPortfolio(
      async () =>
        (await venue.balances()).map((balance) => ({
          currency: balance.currency,
          balance: balance.total.toFixed(),
          hold: balance.hold.toFixed(),
          available: balance.available.toFixed(),
        })),
      runtime,
      products,
      emit,
    );
    const summary: RunSummary = {
      ...recorder.summarize({ ...portfolio, openOrders, stopReason: reason, endedAt: context.now() }),
      paper: {
        marketData: `${marketName} (${market.feedUrl})`,
        startBalances: balances,
        fees: { maker: fees.maker.toFixed(), taker: fees.taker.toFixed() },
        latencyMs: settings.latencyMs,
        recording: recording?.path,
      },
    };
    if (config.summaryJsonPath !== undefined) await writeSummary(config.summaryJsonPath, summary);
    emit({ type: 'bot-stopped', reason, summaryPath: config.summaryJsonPath });
    return summary;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** Waits for the market's first message; a market that stays silent ends the run with one sentence. */
async function openMarket(venue: PaperVenue, name: string, url: string, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no trade or book within ${FIRST_MESSAGE_TIMEOUT_MS / 1000} s`)),
      FIRST_MESSAGE_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([venue.open(), silent, aborted(signal)]);
  } catch (error) {
    throw new ConfigError(
      `Could not get market data from ${name} at ${url} (${
        error instanceof Error ? error.message : String(error)
      }); check COINBASE_WS_URL, the product ids, or the network.`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

function paperFees(text: string | undefined) {
  if (text === undefined) return defaultFeeRates;
  try {
    return parseFeeRates(text);
  } catch (error) {
    throw new ConfigError(
      `--fees (or TRADELOOP_FEES) must be maker=<rate>,taker=<rate> such as maker=0.004,taker=0.006, but it is ${JSON.stringify(text)}; correct it and start again.`,
      { cause: error },
    );
  }
}

/** The documented default balances, of the currencies the products trade. */
function defaultBalances(
  products: ReadonlyArray<{ base_currency: string; quote_currency: string }>,
): Record<string, string> {
  const traded = new Set(products.flatMap((product) => [product.base_currency, product.quote_currency]));
  const balances: Record<string, string> = {};
  for (const entry of DEFAULTS.paperBalances.split(',')) {
    const [currency, amount] = entry.split('=') as [string, string];
    if (traded.has(currency)) balances[currency] = amount;
  }
  return balances;
}
