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
import {
  MemorySummarySpool,
  type RecordedFill,
  type SpoolEntry,
  type SummarySpool,
} from './summary-spool.js';

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
  /** Every fill; `heardAt` is when the bot heard of it (absent for fills restored from the journal). */
  fills: RecordedFill[];
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
  /** Present for a paper run (`--paper`): simulated fills on live market data, no order sent anywhere. */
  paper?: {
    marketData: string;
    startBalances: Record<string, string>;
    fees: { maker: string; taker: string };
    latencyMs: number;
    /** The session's recording (`--record`), if written. */
    recording: string | undefined;
  };
}

/** Problem lists keep the first entries only, so a long run under faults cannot grow without bound. */
export const MAX_PROBLEM_ENTRIES = 1000;

/**
 * Finished orders kept in memory (for late events about them) before they go to the spool. Like
 * the order registry's tail of finished orders: a late report about an older one still reaches
 * the summary, as a status entry in the spool.
 */
export const FINISHED_ORDERS_KEPT = 1000;
/**
 * Fill keys (product, trade, order) remembered to count repeated fill events at once. The runtime
 * already delivers each trade once; this is a second line. Repeats older than this are still
 * removed when the summary is written, which de-duplicates every fill of the spool exactly.
 */
export const FILL_KEYS_KEPT = 1000;

type TrackedOrder = OrderRecord & { sequence: number };

/**
 * Listens to the bot's events and builds the {@link RunSummary}. What grows with the order count
 * is bounded: working orders and the last {@link FINISHED_ORDERS_KEPT} finished ones stay in
 * memory, older finished orders and every fill go to a {@link SummarySpool} (a file beside the run
 * in the bot; memory by default) and are read back when the summary is written.
 */
export class RunRecorder implements BotEventSink {
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #spool: SummarySpool;
  #strategy = '';
  #venue = '';
  #products: string[] = [];
  #sequence = 0;
  /** Working orders and the finished tail, by client order id. */
  readonly #orders = new Map<string, TrackedOrder>();
  /** Client order ids of the finished orders still in memory, oldest first. */
  readonly #finished = new Set<string>();
  /** How many finished orders were moved to the spool. */
  #spooledOrders = 0;
  readonly #recentFillKeys = new Set<string>();
  #duplicateFillEvents = 0;
  #reconnects = 0;
  readonly #gaps: RunSummary['gaps'] = [];
  readonly #errors: RunSummary['errors'] = [];
  readonly #riskDenials: RunSummary['riskDenials'] = [];
  readonly #totals = { gaps: 0, errors: 0, riskDenials: 0 };
  readonly #signals = new Map<string, SignalDescription>();
  readonly #refusedSignalRequests: Record<string, number> = {};

  constructor(options: { now: () => number; spool?: SummarySpool }) {
    this.#now = options.now;
    this.#startedAt = options.now();
    this.#spool = options.spool ?? new MemorySummarySpool();
  }

  /** Orders held in memory now (working and the finished tail); the rest are in the spool. */
  get ordersInMemory(): number {
    return this.#orders.size;
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
            sequence: this.#sequence++,
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
        this.#recordFill(event.fill, this.#now());
        break;
      case 'order-completed':
        this.#close(event.clientOrderId, event.orderId, 'filled');
        break;
      case 'order-canceled':
        this.#close(event.clientOrderId, event.orderId, 'canceled');
        break;
      case 'order-rejected':
        this.#close(event.clientOrderId, undefined, 'rejected', event.reason);
        break;
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
      const order: TrackedOrder = {
        ...restored.order,
        orderId: restored.orderId,
        status: restored.status,
        filledSize: '0',
        restored: true,
        ...(restored.rejectReason === undefined ? {} : { rejectReason: restored.rejectReason }),
        sequence: this.#sequence++,
      };
      this.#orders.set(order.clientOrderId, order);
      for (const fill of restored.fills) this.#recordFill(fill, undefined);
      if (order.status !== 'placed' && order.status !== 'open') this.#fileFinished(order);
    }
  }

  /** Client order ids of every order the bot knows, this run's and restored ones (reads the spool). */
  knownClientOrderIds(): Set<string> {
    const ids = new Set(this.#orders.keys());
    if (this.#spooledOrders > 0) {
      for (const entry of this.#spool.entries())
        if (entry.kind === 'order') ids.add(entry.order.clientOrderId);
    }
    return ids;
  }

  /** Orders the bot believes are still working (placed or open), for the shutdown step. */
  workingOrders(): OrderIdentity[] {
    return [...this.#orders.values()]
      .filter((order) => order.status === 'placed' || order.status === 'open')
      .map(identity);
  }

  /** The summary, given the state read from the venue at exit. */
  summarize(final: FinalState): RunSummary {
    const { orders, fills, duplicateFillEvents } = this.#everything();
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
        placed: orders,
        filled: byStatus('filled').map(identity),
        canceled: byStatus('canceled').map(identity),
        rejected: byStatus('rejected').map((order) => ({
          ...identity(order),
          reason: order.rejectReason ?? '',
        })),
        openAtExit: final.openOrders,
      },
      fills,
      duplicateFillEvents,
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

  /**
   * Every order and fill of the run: the spool's and memory's, in placement order, each fill once,
   * and each order's filled size summed from its fills.
   */
  #everything(): { orders: OrderRecord[]; fills: RecordedFill[]; duplicateFillEvents: number } {
    const byClientOrderId = new Map<string, TrackedOrder>();
    const fills = new Map<string, RecordedFill>();
    let duplicateFillEvents = this.#duplicateFillEvents;
    const lateStatuses: Array<Extract<SpoolEntry, { kind: 'status' }>> = [];
    for (const entry of this.#spool.entries()) {
      if (entry.kind === 'order')
        byClientOrderId.set(entry.order.clientOrderId, { ...entry.order, sequence: entry.sequence });
      else if (entry.kind === 'status') lateStatuses.push(entry);
      else if (fills.has(fillKey(entry.fill))) duplicateFillEvents += 1;
      else fills.set(fillKey(entry.fill), entry.fill);
    }
    for (const late of lateStatuses) {
      const order = byClientOrderId.get(late.clientOrderId);
      if (order === undefined) continue;
      if (late.orderId !== undefined) order.orderId ??= late.orderId;
      order.status = late.status;
      if (late.rejectReason !== undefined) order.rejectReason = late.rejectReason;
    }
    for (const order of this.#orders.values()) byClientOrderId.set(order.clientOrderId, { ...order });
    const filled = new Map<string, Decimal>();
    for (const fill of fills.values()) {
      if (fill.clientOrderId === undefined) continue;
      filled.set(fill.clientOrderId, (filled.get(fill.clientOrderId) ?? new Decimal(0)).plus(fill.size));
    }
    const orders = [...byClientOrderId.values()]
      .sort((left, right) => left.sequence - right.sequence)
      .map(({ sequence: _sequence, ...order }) => ({
        ...order,
        filledSize: filled.get(order.clientOrderId)?.toString() ?? '0',
      }));
    return { orders, fills: [...fills.values()], duplicateFillEvents };
  }

  #recordFill(fill: FillDescription, heardAt: number | undefined): void {
    const key = fillKey(fill);
    if (this.#recentFillKeys.has(key)) {
      this.#duplicateFillEvents += 1;
      return;
    }
    this.#recentFillKeys.add(key);
    if (this.#recentFillKeys.size > FILL_KEYS_KEPT) {
      this.#recentFillKeys.delete(this.#recentFillKeys.values().next().value as string);
    }
    this.#spool.append({
      kind: 'fill',
      fill: { ...fill, ...(heardAt === undefined ? {} : { heardAt: new Date(heardAt).toISOString() }) },
    });
    const order = fill.clientOrderId === undefined ? undefined : this.#orders.get(fill.clientOrderId);
    if (order !== undefined) {
      order.orderId ??= fill.orderId;
      if (order.status === 'placed') order.status = 'open';
    }
  }

  #close(
    clientOrderId: string,
    orderId: string | undefined,
    status: OrderOutcome,
    rejectReason?: string,
  ): void {
    const order = this.#orders.get(clientOrderId);
    if (order === undefined) {
      // Spooled already (or not ours): the summary applies it when it reads the spool back.
      if (this.#spooledOrders > 0) {
        this.#spool.append({
          kind: 'status',
          clientOrderId,
          orderId,
          status,
          ...(rejectReason === undefined ? {} : { rejectReason }),
        });
      }
      return;
    }
    if (orderId !== undefined) order.orderId ??= orderId;
    order.status = status;
    if (rejectReason !== undefined) order.rejectReason = rejectReason;
    this.#fileFinished(order);
  }

  /** Adds a finished order to the tail in memory; the oldest past the bound goes to the spool. */
  #fileFinished(order: TrackedOrder): void {
    this.#finished.delete(order.clientOrderId);
    this.#finished.add(order.clientOrderId);
    while (this.#finished.size > FINISHED_ORDERS_KEPT) {
      const oldest = this.#finished.values().next().value as string;
      this.#finished.delete(oldest);
      const spooled = this.#orders.get(oldest);
      this.#orders.delete(oldest);
      if (spooled === undefined) continue;
      const { sequence, ...record } = spooled;
      this.#spool.append({ kind: 'order', sequence, order: record });
      this.#spooledOrders += 1;
    }
  }

  #keep<T>(list: Array<Dated<T>>, entry: T): void {
    if (list.length < MAX_PROBLEM_ENTRIES) list.push({ at: new Date(this.#now()).toISOString(), ...entry });
  }
}

function fillKey(fill: FillDescription): string {
  return `${fill.productId}/${fill.tradeId}/${fill.orderId}`;
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
