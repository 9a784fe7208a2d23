/**
 * A venue whose every answer the test scripts. Used only for orderings the simulator cannot be
 * made to produce on demand: a fill on the feed before the REST answer to the placement, a fill
 * that happens while the feed is down, a crash between "sent" and "answered". Everything that
 * can be tested against the simulator is (see test/simulator.test.ts).
 */
import type { Decimal } from 'decimal.js';
import { VenueRejectedError } from '../src/errors.js';
import { btcUsdWire } from '../src/model/__fixtures__/products.js';
import { ExactDecimal, ZERO } from '../src/model/decimal.js';
import type { ClientOrderId, OrderId, ProductId } from '../src/model/ids.js';
import type { OrderRequest } from '../src/model/order.js';
import { type ProductRules, productRulesFromWire } from '../src/model/product-rules.js';
import type { Fill, OrderReport, ReportedOrderStatus } from '../src/model/reports.js';
import type {
  Balance,
  FeeRates,
  FillPage,
  FillQuery,
  MarketDataSubscription,
  OrderReference,
  Venue,
  VenueEvent,
} from '../src/venues/venue.js';

interface VenueOrder {
  request: OrderRequest;
  orderId: OrderId;
  status: ReportedOrderStatus;
  filledSize: Decimal;
  time: number;
}

interface HeldPlacement {
  request: OrderRequest;
  resolve: (report: OrderReport) => void;
  reject: (error: unknown) => void;
}

export class ScriptedVenue implements Venue {
  readonly name = 'scripted';
  rules: ProductRules[] = [productRulesFromWire(btcUsdWire)];
  balanceList: Balance[] = [
    { currency: 'USD', total: new ExactDecimal('10000'), available: new ExactDecimal('10000'), hold: ZERO },
    { currency: 'BTC', total: new ExactDecimal('1'), available: new ExactDecimal('1'), hold: ZERO },
  ];
  fees: FeeRates = { maker: new ExactDecimal('0.004'), taker: new ExactDecimal('0.006') };
  /** When true, placements wait in `held` until the test answers them. */
  holdPlacements = false;
  /** When true, placements reach the venue's truth (an order exists) even if the answer is held. */
  readonly held: HeldPlacement[] = [];
  readonly placed: OrderRequest[] = [];
  readonly cancels: OrderReference[] = [];
  /** The venue's truth. */
  readonly orders = new Map<ClientOrderId, VenueOrder>();
  readonly fills: Fill[] = [];
  /** Every fill query the runtime made, in order. */
  readonly fillQueries: FillQuery[] = [];
  #listener: ((event: VenueEvent) => void) | undefined;
  #nextOrderId = 1;
  #nextTradeId = 1000;
  /** The venue's clock for the times it stamps (tests move it by hand). */
  time = 0;

  /** What the runtime asked to stream. */
  subscription: MarketDataSubscription | undefined;

  async subscribe(
    subscription: MarketDataSubscription,
    listener: (event: VenueEvent) => void,
  ): Promise<void> {
    this.subscription = subscription;
    this.#listener = listener;
    listener({ type: 'connected' });
  }

  async close(): Promise<void> {
    this.#listener = undefined;
  }

  async products(): Promise<ProductRules[]> {
    return this.rules;
  }

  async balances(): Promise<Balance[]> {
    return this.balanceList;
  }

  async feeRates(): Promise<FeeRates> {
    return this.fees;
  }

  placeOrder(request: OrderRequest): Promise<OrderReport> {
    this.placed.push(request);
    const order: VenueOrder = {
      request,
      orderId: `venue-${this.#nextOrderId++}` as OrderId,
      status: 'open',
      filledSize: ZERO,
      time: this.time,
    };
    this.orders.set(request.clientOrderId, order);
    if (!this.holdPlacements) return Promise.resolve(this.report(request.clientOrderId, 'rest'));
    return new Promise((resolve, reject) => this.held.push({ request, resolve, reject }));
  }

  /** Answers the oldest held placement with the venue's current report of it. */
  answerPlacement(): void {
    const placement = this.held.shift();
    if (placement === undefined) throw new Error('no held placement');
    placement.resolve({ ...this.report(placement.request.clientOrderId, 'rest'), status: 'pending' });
  }

  /** Fails the oldest held placement (the order stays on the venue unless `removeOrder`). */
  failPlacement(error: unknown, removeOrder = false): void {
    const placement = this.held.shift();
    if (placement === undefined) throw new Error('no held placement');
    if (removeOrder) this.orders.delete(placement.request.clientOrderId);
    placement.reject(error);
  }

  async cancelOrder(reference: OrderReference): Promise<void> {
    this.cancels.push(reference);
    const order =
      reference.clientOrderId === undefined ? undefined : this.orders.get(reference.clientOrderId);
    if (order === undefined) throw new VenueRejectedError('order not found');
    if (order.status !== 'open' && order.status !== 'pending')
      throw new VenueRejectedError('Order already done');
    order.status = 'canceled';
  }

  async cancelAllOrders(): Promise<OrderId[]> {
    const canceled: OrderId[] = [];
    for (const order of this.orders.values())
      if (order.status === 'open') {
        order.status = 'canceled';
        canceled.push(order.orderId);
      }
    return canceled;
  }

  async openOrders(productId?: ProductId): Promise<OrderReport[]> {
    return [...this.orders.values()]
      .filter(
        (order) =>
          order.status === 'open' && (productId === undefined || order.request.productId === productId),
      )
      .map((order) => this.report(order.request.clientOrderId, 'rest'));
  }

  async orderByClientId(clientOrderId: ClientOrderId): Promise<OrderReport | undefined> {
    return this.orders.has(clientOrderId) ? this.report(clientOrderId, 'rest') : undefined;
  }

  async fillsSince(query: FillQuery): Promise<FillPage> {
    this.fillQueries.push(query);
    const after = query.after === undefined ? undefined : Number(query.after);
    const fills = this.fills
      .filter(
        (fill) =>
          fill.productId === query.productId &&
          (after === undefined || Number(fill.tradeId) > after) &&
          (query.since === undefined || fill.time >= query.since) &&
          (query.orderId === undefined || fill.orderId === query.orderId),
      )
      .map((fill) => ({ ...fill, clientOrderId: undefined, source: 'rest' as const }));
    // Like Coinbase: the cursor is the newest trade id returned, or the one asked after.
    const newest = fills.at(-1)?.tradeId;
    return { fills, cursor: newest ?? query.after };
  }

  /** The venue's report of one of its orders. */
  report(clientOrderId: ClientOrderId, source: 'feed' | 'rest'): OrderReport {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) throw new Error(`unknown order ${clientOrderId}`);
    const request = order.request;
    return {
      orderId: order.orderId,
      clientOrderId,
      productId: request.productId,
      side: request.side,
      type: request.type,
      status: order.status,
      ...(request.price === undefined ? {} : { price: request.price }),
      ...(request.size === undefined ? {} : { size: request.size }),
      filledSize: order.filledSize,
      time: this.time,
      source,
    };
  }

  /**
   * The venue fills (part of) an order. The fill goes to the venue's truth; `publish` also sends
   * it on the feed (with a "done" report when the order completes).
   */
  fill(clientOrderId: ClientOrderId, size: string, price: string, publish: boolean): Fill {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) throw new Error(`unknown order ${clientOrderId}`);
    const sizeDecimal = new ExactDecimal(size);
    const priceDecimal = new ExactDecimal(price);
    const fill: Fill = {
      tradeId: String(this.#nextTradeId++),
      productId: order.request.productId,
      orderId: order.orderId,
      side: order.request.side,
      price: priceDecimal,
      size: sizeDecimal,
      fee: priceDecimal.times(sizeDecimal).times(this.fees.maker),
      liquidity: 'maker',
      time: this.time,
      source: 'feed',
    };
    this.fills.push(fill);
    order.filledSize = order.filledSize.plus(sizeDecimal);
    if (order.request.size !== undefined && order.filledSize.equals(order.request.size))
      order.status = 'filled';
    if (publish) {
      this.emit({ type: 'fill', fill });
      // Like Coinbase's `done`: only `received` carries the client order id on the feed.
      if (order.status === 'filled') {
        const { clientOrderId: _omitted, ...report } = this.report(clientOrderId, 'feed');
        this.emit({ type: 'order-report', report });
      }
    }
    return fill;
  }

  emit(event: VenueEvent): void {
    this.#listener?.(event);
  }

  get subscribed(): boolean {
    return this.#listener !== undefined;
  }
}
