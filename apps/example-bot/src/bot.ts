/**
 * One run of the bot, from connecting to the summary:
 *
 * config → venue (embedded simulator or Coinbase) → preflight → journal → runtime + strategy →
 * status lines until asked to stop → no new orders, cancel open ones and wait for the exchange to
 * confirm → final balances from the exchange → summary.
 */
import { ExchangeClock } from '@tradeloop/auth';
import { CoinbaseExchangeClient, type Product } from '@tradeloop/rest';
import {
  CoinbaseVenue,
  createRuntime,
  FileJournal,
  type JournaledOrder,
  type JournalReplay,
  type JournalSink,
  MemoryJournal,
  type Runtime,
} from '@tradeloop/strategy-kit';
import { CoinbaseFeed } from '@tradeloop/websocket';
import { Decimal } from 'decimal.js';
import { botLogger, describeFill, type EmitBotEvent, reportActivity } from './activity-reporter.js';
import type { ProductStatus } from './bot-events.js';
import type { BotConfig } from './config.js';
import type { ConsoleOutput } from './output/console.js';
import type { FinalState, OrderIdentity, RestoredOrder, RunRecorder } from './output/summary.js';
import { writeSummary } from './output/summary.js';
import type { ShutdownTrigger } from './shutdown.js';
import { loadBotStrategy } from './strategies/load-strategy.js';
import { startEmbeddedSimulator } from './venue/embedded-simulator.js';
import { preflight } from './venue/preflight.js';

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

/** How long to wait for the exchange to confirm the shutdown cancels. */
const CANCEL_TIMEOUT_MS = 10_000;

/**
 * Runs the bot until the shutdown trigger fires, then stops it cleanly and writes the summary.
 *
 * @throws {ConfigError} for a user's mistake found before trading starts; other errors when the
 *   bot cannot start at all.
 */
export async function runBot(context: BotRunContext): Promise<void> {
  const { config, emit, shutdown } = context;
  const { strategy, params } = await loadBotStrategy(
    config.strategy,
    config.strategyParameters,
    context.baseDirectory,
  );

  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const endpoint = await connectTo(context, cleanups);
    const clock = new ExchangeClock();
    const client = new CoinbaseExchangeClient({
      baseUrl: endpoint.restUrl,
      credentials: endpoint.credentials,
      clock,
    });
    cleanups.push(() => client.close());
    const { products } = await preflight(client, config.products, endpoint.name);

    const feed = new CoinbaseFeed({
      url: endpoint.wsUrl,
      credentials: endpoint.credentials,
      clock,
      restUrl: endpoint.restUrl,
    });
    const venue = new CoinbaseVenue({ client, feed, ownsConnections: false });
    const journal = openJournal(config.journalPath, context);
    const runtime = createRuntime({
      venue,
      strategy,
      params,
      productIds: config.products,
      risk: {
        maxOrderNotional: config.risk.maxOrderNotional.toFixed(),
        maxPositionSize: config.risk.maxPosition.toFixed(),
        maxOpenOrders: config.risk.maxOpenOrders,
        dailyLossLimit: config.risk.dailyLossLimit.toFixed(),
      },
      journal,
      logger: botLogger(emit, { debug: context.debug }),
      existingOrders: 'ignore',
    });
    reportActivity(runtime, feed, emit);
    const lastPrices = new Map<string, string>();
    feed.on('ticker', (ticker) => lastPrices.set(ticker.product_id, ticker.price));

    emit({
      type: 'bot-started',
      venue: `${endpoint.name} (${endpoint.restUrl})`,
      strategy: strategy.name,
      products: config.products,
      journal: config.journalPath,
    });
    if (!shutdown.signal.aborted) await runtime.start();
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
    const leftOpen = await sweepOpenOrders(client, context.recorder.knownClientOrderIds(), emit);
    emit({ type: 'open-orders-canceled', count: working, confirmed: Math.max(0, working - leftOpen.length) });

    const final = await finalState(client, runtime, products, leftOpen, reason, context);
    const summary = context.recorder.summarize(final);
    if (config.summaryJsonPath !== undefined) await writeSummary(config.summaryJsonPath, summary);
    emit({ type: 'bot-stopped', reason, summaryPath: config.summaryJsonPath });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** Where to trade and with what key. */
interface Endpoint {
  name: string;
  restUrl: string;
  wsUrl: string;
  credentials: import('@tradeloop/auth').ExchangeCredentials;
}

async function connectTo(
  context: BotRunContext,
  cleanups: Array<() => Promise<void> | void>,
): Promise<Endpoint> {
  const venue = context.config.venue;
  if (venue.kind === 'coinbase') {
    const name =
      venue.environment === 'sandbox'
        ? 'the Coinbase sandbox'
        : venue.environment === 'production'
          ? 'Coinbase (production, real money)'
          : 'the server at COINBASE_REST_URL';
    return { name, restUrl: venue.restUrl, wsUrl: venue.wsUrl, credentials: venue.credentials };
  }
  const simulator = await startEmbeddedSimulator({ seed: venue.seed });
  cleanups.push(() => simulator.stop());
  context.console.addSecrets(simulator.secrets);
  return {
    name: 'the embedded simulator',
    restUrl: simulator.restUrl,
    wsUrl: simulator.wsUrl,
    credentials: simulator.credentials,
  };
}

/** Opens the journal on disk (handing what it holds to the summary), or one in memory. */
function openJournal(
  path: string | undefined,
  context: BotRunContext,
): JournalSink & { replay(): JournalReplay } {
  if (path === undefined) {
    const memory = new MemoryJournal();
    return {
      append: (record) => memory.append(record),
      close: () => memory.close(),
      replay: () => memory.replay(),
    };
  }
  const { journal, replay } = FileJournal.open(path);
  const restored = [...replay.orders.values()].map(restoredOrder);
  context.recorder.restore(restored);
  if (replay.orders.size > 0 || replay.repairedTornTail) {
    context.emit({
      type: 'journal-replayed',
      path,
      orders: replay.orders.size,
      working: restored.filter((order) => order.status === 'placed' || order.status === 'open').length,
      fills: restored.reduce((count, order) => count + order.fills.length, 0),
      repairedTornTail: replay.repairedTornTail,
    });
  }
  return { append: (record) => journal.append(record), close: () => journal.close(), replay: () => replay };
}

function restoredOrder(journaled: JournaledOrder): RestoredOrder {
  const request = journaled.request;
  const final = journaled.finalStatus?.status;
  const status =
    final === 'filled' || final === 'canceled' || final === 'rejected'
      ? final
      : journaled.orderId === undefined
        ? 'placed'
        : 'open';
  return {
    order: {
      clientOrderId: request.clientOrderId,
      productId: request.productId,
      side: request.side,
      orderType: request.type,
      ...(request.price === undefined ? {} : { price: request.price.toFixed() }),
      ...(request.size === undefined ? {} : { size: request.size.toFixed() }),
      ...(request.funds === undefined ? {} : { funds: request.funds.toFixed() }),
    },
    orderId: journaled.orderId,
    status,
    rejectReason: journaled.finalStatus?.reason,
    fills: journaled.fills
      .map((fill) => describeFill(fill, undefined))
      .map((fill) => ({
        ...fill,
        clientOrderId: fill.clientOrderId ?? request.clientOrderId,
      })),
  };
}

function statusOf(runtime: Runtime, products: readonly Product[], lastPrices: ReadonlyMap<string, string>) {
  const snapshot = runtime.snapshot();
  const statuses: ProductStatus[] = products.map((product) => {
    const position = snapshot.positions.find((candidate) => candidate.productId === product.id);
    return {
      productId: product.id,
      price: lastPrices.get(product.id) ?? position?.markPrice?.toFixed(),
      position: position?.size.toFixed() ?? '0',
      baseCurrency: product.base_currency,
      quoteCurrency: product.quote_currency,
      // Average-cost PnL is a ratio with endless decimals; a person reads it to the quote increment.
      realizedPnl: toQuoteDecimals(position?.realizedPnl.minus(position.fees), product),
      unrealizedPnl: toQuoteDecimals(position?.unrealizedPnl, product),
      fees: toQuoteDecimals(position?.fees, product),
    };
  });
  return { type: 'status-reported' as const, products: statuses, openOrders: snapshot.orders.working };
}

/**
 * Asks the exchange itself which of the bot's orders are still open after the runtime stopped,
 * cancels those (a cancel may have been lost in a fault), and waits until the exchange confirms.
 *
 * @returns the bot's orders still open at the end (empty unless the exchange kept refusing).
 */
async function sweepOpenOrders(
  client: CoinbaseExchangeClient,
  known: ReadonlySet<string>,
  emit: EmitBotEvent,
): Promise<OrderIdentity[]> {
  const deadline = Date.now() + CANCEL_TIMEOUT_MS;
  for (;;) {
    let open: OrderIdentity[];
    try {
      open = [];
      for await (const order of client.iterateOrders({ status: ['open', 'pending', 'active'] })) {
        if (order.client_oid !== undefined && known.has(order.client_oid)) {
          open.push({ clientOrderId: order.client_oid, orderId: order.id, productId: order.product_id });
        }
      }
    } catch (error) {
      emit({
        type: 'error-reported',
        source: 'listing open orders at shutdown',
        code: errorCode(error),
        message: errorMessage(error),
      });
      if (Date.now() > deadline) return [];
      await delay(250);
      continue;
    }
    if (open.length === 0 || Date.now() > deadline) return open;
    for (const order of open) {
      try {
        await client.cancelOrder(order.orderId!, order.productId);
      } catch (error) {
        emit({
          type: 'error-reported',
          source: `canceling ${order.clientOrderId} at shutdown`,
          code: errorCode(error),
          message: errorMessage(error),
        });
      }
    }
    await delay(100);
  }
}

async function finalState(
  client: CoinbaseExchangeClient,
  runtime: Runtime,
  products: readonly Product[],
  openOrders: OrderIdentity[],
  stopReason: string,
  context: BotRunContext,
): Promise<FinalState> {
  const snapshot = runtime.snapshot();
  const positions: FinalState['positions'] = {};
  for (const product of products) {
    const position = snapshot.positions.find((candidate) => candidate.productId === product.id);
    positions[product.id] = {
      size: position?.size.toFixed() ?? '0',
      baseCurrency: product.base_currency,
      quoteCurrency: product.quote_currency,
      realizedPnl: toSummaryDecimals(position?.realizedPnl),
      unrealizedPnl: toSummaryDecimals(position?.unrealizedPnl),
      fees: position?.fees.toFixed() ?? '0',
    };
  }
  const balances: FinalState['balances'] = {};
  try {
    for (const account of await client.getAccounts()) {
      balances[account.currency] = {
        balance: account.balance,
        hold: account.hold,
        available: account.available,
      };
    }
  } catch (error) {
    // The exchange's word is the one that counts; without it, the runtime's projection is shown and the error recorded.
    context.emit({
      type: 'error-reported',
      source: 'reading final balances',
      code: errorCode(error),
      message: errorMessage(error),
    });
    for (const balance of snapshot.balances) {
      balances[balance.currency] = {
        balance: balance.total.toFixed(),
        hold: balance.hold.toFixed(),
        available: balance.available.toFixed(),
      };
    }
  }
  return { positions, balances, openOrders, stopReason, endedAt: context.now() };
}

/** Rounds to the product's quote increment (half-even), for status lines. */
function toQuoteDecimals(value: Decimal | undefined, product: Product): string {
  if (value === undefined) return '0';
  return value
    .toDecimalPlaces(new Decimal(product.quote_increment).decimalPlaces(), Decimal.ROUND_HALF_EVEN)
    .toFixed();
}

/**
 * PnL in the summary: average-cost accounting divides, so realized and unrealized PnL can have
 * endless decimals; 12 places keep every meaningful digit (fees and balances stay exact).
 */
const SUMMARY_PNL_DECIMALS = 12;

function toSummaryDecimals(value: Decimal | undefined): string {
  if (value === undefined) return '0';
  return value.toDecimalPlaces(SUMMARY_PNL_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed();
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
