/**
 * The run summary: every order the bot placed (client and exchange ids) and what became of it,
 * every fill, the final positions, balances and PnL, and what went wrong on the way (reconnects,
 * gaps, errors, risk denials). `RunRecorder` listens to the bot's events while it runs; at exit
 * the final account state is added and the whole is written as JSON.
 */
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Decimal } from 'decimal.js';
import type {
  BotEvent,
  BotEventSink,
  FillDescription,
  OrderDescription,
  SignalDescription,
} from '../bot-events.js';

/** What became of an order, as far as the bot knows. */
export type OrderOutcome = 'placed' | 'open' | 'filled' | 'canceled' | 'rejected';

/** One order of the bot, with its exchange id once known and its outcome. */
export interface OrderRecord extends OrderDescription {
  orderId: string | undefined;
  status: OrderOutcome;
  /** Sum of this order's fills seen by the bot. */
  filledSize: string;
  /** Present when rejected. */
  rejectReason?: string;
  /** True when the order was placed by an earlier run and read back from the journal. */
  restored: boolean;
}

/** An order an earlier run of the bot placed, as the journal remembers it. */
export interface RestoredOrder {
  order: OrderDescription;
  orderId: string | undefined;
  status: OrderOutcome;
  rejectReason: string | undefined;
  fills: FillDescription[];
}

/** An order named by both of its ids. */
export interface OrderIdentity {
  clientOrderId: string;
  orderId: string | undefined;
  productId: string;
}

/** A position at exit, in the product's base currency; PnL (before fees) and fees in its quote currency. */
export interface PositionSummary {
  size: string;
  baseCurrency: string;
  quoteCurrency: string;
  realizedPnl: string;
  unrealizedPnl: string;
  fees: string;
}

/** A balance at exit as the exchange reports it. */
export interface BalanceSummary {
  balance: string;
  hold: string;
  available: string;
}

/** PnL summed per quote currency. */
export interface PnlSummary {
  realized: string;
  unrealized: string;
  fees: string;
  /** realized + unrealized − fees. */
  total: string;
}

/** The final account state the recorder cannot know from events: read from the venue at exit. */
export interface FinalState {
  positions: Record<string, PositionSummary>;
  balances: Record<string, BalanceSummary>;
  /** Orders still open on the exchange after shutdown (should be none). */
  openOrders: OrderIdentity[];
  stopReason: string;
  endedAt: number;
}

/** A dated entry in one of the problem lists. */
type Dated<T> = T & { at: string };

/** The summary file's shape (`--summary-json`). Money and sizes are decimal strings. */
export interface RunSummary {
  version: 1;
  strategy: string;
  venue: string;
  products: string[];
  startedAt: string;
  endedAt: string;
  stopReason: string;
  orders: {
    placed: OrderRecord[];
    filled: OrderIdentity[];
    canceled: OrderIdentity[];
    rejected: Array<OrderIdentity & { reason: string }>;
    openAtExit: OrderIdentity[];
  };
  fills: FillDescription[];
  /** Fill events that repeated a fill already recorded (same product, trade and order). */
  duplicateFillEvents: number;
  positions: Record<string, PositionSummary>;
  balances: Record<string, BalanceSummary>;
  pnl: Record<string, PnlSummary>;
  reconnects: number;
  /** Sequence gaps on the feed, and books that had to be resynced (a lost level-2 update, a reconnect). */
  gaps: Array<Dated<{ productId: string; channel: string; detail: string }>>;
  errors: Array<Dated<{ source: string; code: string | undefined; message: string }>>;
  riskDenials: Array<Dated<{ productId: string | undefined; rule: string; reason: string }>>;
  /** Every signal received (`--signals-listen`) and its last known fate, in arrival order. */
  signals: SignalDescription[];
  /** Requests to the signals intake that were refused, by answer (`401 unauthorized`, `409 duplicate`, ...). */
  refusedSignalRequests: Record<string, number>;
  /** How many entries each problem list had before it was capped. */
  totals: { gaps: number; errors: number; riskDenials: number };
}

/** Problem lists keep the first entries only, so a long run under faults cannot grow without bound. */
export const MAX_PROBLEM_ENTRIES = 1000;

/** Listens to the bot's events and builds the {@link RunSummary}. */
export class RunRecorder implements BotEventSink {
  readonly #now: () => number;
  readonly #startedAt: number;
  #strategy = '';
  #venue = '';
  #products: string[] = [];
  readonly #orders = new Map<string, OrderRecord>();
  readonly #fills = new Map<string, FillDescription>();
  #duplicateFillEvents = 0;
  #reconnects = 0;
  readonly #gaps: RunSummary['gaps'] = [];
  readonly #errors: RunSummary['errors'] = [];
  readonly #riskDenials: RunSummary['riskDenials'] = [];
  readonly #totals = { gaps: 0, errors: 0, riskDenials: 0 };
  readonly #signals = new Map<string, SignalDescription>();
  readonly #refusedSignalRequests: Record<string, number> = {};

  constructor(options: { now: () => number }) {
    this.#now = options.now;
    this.#startedAt = options.now();
  }

  /** Takes one event into account. */
  record(event: BotEvent): void {
    switch (event.type) {
      case 'bot-started':
        this.#strategy = event.strategy;
        this.#venue = event.venue;
        this.#products = [...event.products];
        break;
      case 'order-placed':
        if (!this.#orders.has(event.order.clientOrderId)) {
          this.#orders.set(event.order.clientOrderId, {
            ...event.order,
            orderId: undefined,
            status: 'placed',
            filledSize: '0',
            restored: false,
          });
        }
        break;
      case 'order-accepted': {
        const order = this.#orders.get(event.clientOrderId);
        if (order !== undefined) {
          order.orderId = event.orderId;
          if (order.status === 'placed') order.status = 'open';
        }
        break;
      }
      case 'order-filled':
        this.#recordFill(event.fill);
        break;
      case 'order-completed':
        this.#close(event.clientOrderId, event.orderId, 'filled');
        break;
      case 'order-canceled':
        this.#close(event.clientOrderId, event.orderId, 'canceled');
        break;
      case 'order-rejected': {
        const order = this.#close(event.clientOrderId, undefined, 'rejected');
        if (order !== undefined) order.rejectReason = event.reason;
        break;
      }
      case 'feed-reconnected':
        this.#reconnects += 1;
        break;
      case 'gap-detected':
        this.#totals.gaps += 1;
        this.#keep(this.#gaps, {
          productId: event.productId,
          channel: event.channel,
          detail: `expected sequence ${event.expected}, received ${event.received}`,
        });
        break;
      case 'book-resynced':
        this.#totals.gaps += 1;
        this.#keep(this.#gaps, {
          productId: event.productId,
          channel: 'level2',
          detail: `book resynced: ${event.reason}`,
        });
        break;
      case 'error-reported':
        this.#totals.errors += 1;
        this.#keep(this.#errors, { source: event.source, code: event.code, message: event.message });
        break;
      case 'signal-updated':
        this.#signals.set(event.signal.id, event.signal);
        break;
      case 'signal-refused': {
        const key = `${event.status} ${event.error}`;
        this.#refusedSignalRequests[key] = (this.#refusedSignalRequests[key] ?? 0) + 1;
        break;
      }
      case 'risk-denied':
        this.#totals.riskDenials += 1;
        this.#keep(this.#riskDenials, { productId: event.productId, rule: event.rule, reason: event.reason });
        break;
      default:
        break;
    }
  }

  /**
   * Takes in the orders and fills of earlier runs (from the journal), so that the summary of a
   * restarted bot covers everything it ever placed under this journal.
   */
  restore(orders: readonly RestoredOrder[]): void {
    for (const restored of orders) {
      this.#orders.set(restored.order.clientOrderId, {
        ...restored.order,
        orderId: restored.orderId,
        status: restored.status,
        filledSize: '0',
        restored: true,
        ...(restored.rejectReason === undefined ? {} : { rejectReason: restored.rejectReason }),
      });
      for (const fill of restored.fills) this.#recordFill(fill);
    }
  }

  /** Client order ids of every order the bot knows, this run's and restored ones. */
  knownClientOrderIds(): Set<string> {
    return new Set(this.#orders.keys());
  }

  /** Orders the bot believes are still working (placed or open), for the shutdown step. */
  workingOrders(): OrderIdentity[] {
    return [...this.#orders.values()]
      .filter((order) => order.status === 'placed' || order.status === 'open')
      .map(identity);
  }

  /** The summary, given the state read from the venue at exit. */
  summarize(final: FinalState): RunSummary {
    const orders = [...this.#orders.values()];
    const byStatus = (status: OrderOutcome) => orders.filter((order) => order.status === status);
    return {
      version: 1,
      strategy: this.#strategy,
      venue: this.#venue,
      products: this.#products,
      startedAt: new Date(this.#startedAt).toISOString(),
      endedAt: new Date(final.endedAt).toISOString(),
      stopReason: final.stopReason,
      orders: {
        placed: orders.map((order) => ({ ...order })),
        filled: byStatus('filled').map(identity),
        canceled: byStatus('canceled').map(identity),
        rejected: byStatus('rejected').map((order) => ({
          ...identity(order),
          reason: order.rejectReason ?? '',
        })),
        openAtExit: final.openOrders,
      },
      fills: [...this.#fills.values()],
      duplicateFillEvents: this.#duplicateFillEvents,
      positions: final.positions,
      balances: final.balances,
      pnl: sumPnl(final.positions),
      reconnects: this.#reconnects,
      gaps: [...this.#gaps],
      errors: [...this.#errors],
      riskDenials: [...this.#riskDenials],
      signals: [...this.#signals.values()],
      refusedSignalRequests: { ...this.#refusedSignalRequests },
      totals: { ...this.#totals },
    };
  }

  #recordFill(fill: FillDescription): void {
    const key = `${fill.productId}/${fill.tradeId}/${fill.orderId}`;
    if (this.#fills.has(key)) {
      this.#duplicateFillEvents += 1;
      return;
    }
    this.#fills.set(key, { ...fill });
    const order = fill.clientOrderId === undefined ? undefined : this.#orders.get(fill.clientOrderId);
    if (order !== undefined) {
      order.filledSize = new Decimal(order.filledSize).plus(fill.size).toString();
      order.orderId ??= fill.orderId;
      if (order.status === 'placed') order.status = 'open';
    }
  }

  #close(clientOrderId: string, orderId: string | undefined, status: OrderOutcome): OrderRecord | undefined {
    const order = this.#orders.get(clientOrderId);
    if (order === undefined) return undefined;
    if (orderId !== undefined) order.orderId ??= orderId;
    order.status = status;
    return order;
  }

  #keep<T>(list: Array<Dated<T>>, entry: T): void {
    if (list.length < MAX_PROBLEM_ENTRIES) list.push({ at: new Date(this.#now()).toISOString(), ...entry });
  }
}

function identity(order: OrderRecord): OrderIdentity {
  return { clientOrderId: order.clientOrderId, orderId: order.orderId, productId: order.productId };
}

function sumPnl(positions: Record<string, PositionSummary>): Record<string, PnlSummary> {
  const sums = new Map<string, { realized: Decimal; unrealized: Decimal; fees: Decimal }>();
  for (const position of Object.values(positions)) {
    const sum = sums.get(position.quoteCurrency) ?? {
      realized: new Decimal(0),
      unrealized: new Decimal(0),
      fees: new Decimal(0),
    };
    sum.realized = sum.realized.plus(position.realizedPnl);
    sum.unrealized = sum.unrealized.plus(position.unrealizedPnl);
    sum.fees = sum.fees.plus(position.fees);
    sums.set(position.quoteCurrency, sum);
  }
  return Object.fromEntries(
    [...sums].map(([currency, sum]) => [
      currency,
      {
        realized: sum.realized.toString(),
        unrealized: sum.unrealized.toString(),
        fees: sum.fees.toString(),
        total: sum.realized.plus(sum.unrealized).minus(sum.fees).toString(),
      },
    ]),
  );
}

/**
 * Writes the summary as pretty JSON, atomically and durably: to a temporary file beside it,
 * fsynced, renamed over it, and the folder fsynced, so a reader (or a power cut) never sees half a
 * file. `scrub` is applied to the whole text first (the bot passes its secret scrubber).
 */
export async function writeSummary(
  path: string,
  summary: RunSummary,
  scrub: (text: string) => string = (text) => text,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporaryPath = `${path}.${process.pid}.partial`;
  const file = await open(temporaryPath, 'w');
  try {
    await file.writeFile(scrub(`${JSON.stringify(summary, null, 2)}\n`), 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporaryPath, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
