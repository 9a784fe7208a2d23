import type {
  Caller,
  CursorPage,
  CursorPageRequest,
  FillWire,
  OrderStatusWire,
  OrderWire,
  Result,
} from '../contract.js';
import type { ExchangeState } from '../exchange-state.js';
import type { Product } from '../products.js';
import type { OrderRecord } from '../records.js';
import { failure, success } from '../results.js';
import { paginate } from '../wire/pagination.js';
import { fillWire, orderWire } from '../wire/wire-objects.js';
import type { ExpiryQueue } from './expiry-queue.js';
import { canonicalUuid, clientOidKey, isUuid, normalizeProductId } from './order-request.js';

const ORDER_STATUSES = new Set(['open', 'pending', 'active', 'done', 'rejected', 'received', 'all']);
const DEFAULT_STATUSES = new Set(['open', 'pending', 'active']);

/**
 * A caller's orders and fills: one order by id or client id, lists filtered by status and
 * product, pages of fills. GTT orders whose time has come are expired before answering, so an
 * answer never shows an order that should already be gone.
 */
export class OrderQueries {
  constructor(
    private readonly state: ExchangeState,
    private readonly expiring: ExpiryQueue,
  ) {}

  /** Finds the caller's order by id or `client:<client_oid>`. Failures: 400 `Invalid order id`, 404 `order not found`. */
  find(caller: Caller, id: string): Result<OrderRecord> {
    const profile = this.state.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'order not found');
    let order: OrderRecord | undefined;
    if (id.startsWith('client:')) {
      const clientOid = id.slice('client:'.length);
      if (!isUuid(clientOid)) return failure(400, 'Invalid order id');
      order = profile.byClientOid.get(clientOidKey(clientOid));
    } else {
      // Exact ids (the common case) need no format check; other spellings are validated and normalized.
      const orders = this.state.orders;
      order = orders.get(id);
      if (order === undefined) {
        const canonical = canonicalUuid(id);
        if (canonical === undefined) return failure(400, 'Invalid order id');
        if (canonical !== id) order = orders.get(canonical);
      }
    }
    if (order === undefined || order.profile !== profile) return failure(404, 'order not found');
    return success(order);
  }

  getOrder(caller: Caller, id: string): Result<OrderWire> {
    this.expiring.expireDue();
    const found = this.find(caller, id);
    if (!found.ok) return found.error.message === 'order not found' ? failure(404, 'NotFound') : found;
    return success(orderWire(found.value));
  }

  listOrders(
    caller: Caller,
    filter: { productId?: string; statuses: string[] },
    page: CursorPageRequest,
  ): Result<CursorPage<OrderWire>> {
    const profile = this.state.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    this.expiring.expireDue();
    for (const status of filter.statuses) {
      if (!ORDER_STATUSES.has(status)) return failure(400, `Invalid order status ${status}`);
    }
    const wanted = filter.statuses.length === 0 ? DEFAULT_STATUSES : new Set(filter.statuses);
    const all = wanted.has('all');
    const productId = normalizeProductId(filter.productId);
    const matching = profile.orders.filter(
      (order) =>
        (all || wanted.has(order.status)) && (productId === undefined || order.product.id === productId),
    );
    const result = paginate(matching, (order) => order.createdSequence, page);
    if (!result.ok) return result;
    return success({ ...result.value, items: result.value.items.map(orderWire) });
  }

  fills(
    caller: Caller,
    filter: { orderId?: string; productId?: string },
    page: CursorPageRequest,
  ): Result<CursorPage<FillWire>> {
    const profile = this.state.profiles.get(caller.profileId);
    if (profile === undefined) return failure(404, 'NotFound');
    const productId = normalizeProductId(filter.productId);
    if (filter.orderId === undefined && productId === undefined) {
      return failure(400, 'Requires product_id or order_id');
    }
    const matching = profile.fills.filter(
      (fill) =>
        (filter.orderId === undefined || fill.order.id === filter.orderId) &&
        (productId === undefined || fill.order.product.id === productId),
    );
    const result = paginate(matching, (fill) => fill.tradeId, page);
    if (!result.ok) return result;
    return success({
      ...result.value,
      items: result.value.items.map((fill) =>
        fillWire(fill, this.usdValue(fill.order.product, fill.notional)),
      ),
    });
  }

  /** An order's status without building its wire form (cheap; the background makers poll it). */
  orderStatus(caller: Caller, id: string): OrderStatusWire | undefined {
    const order = this.state.orders.get(id);
    return order !== undefined && order.profile.profileId === caller.profileId ? order.status : undefined;
  }

  /** Every not-done order of every profile (open and untriggered stops). */
  openOrders(): OrderRecord[] {
    const result: OrderRecord[] = [];
    for (const profile of this.state.profiles.values()) {
      for (const order of profile.orders) if (order.status !== 'done') result.push(order);
    }
    return result;
  }

  /** A quote amount in USD atoms, through the quote currency's USD product when the quote is not USD. */
  private usdValue(product: Product, quoteAtoms: bigint): bigint {
    if (product.quoteCurrency === 'USD') return quoteAtoms;
    const bridge = this.state.products.get(`${product.quoteCurrency}-USD`);
    if (bridge === undefined) return 0n;
    const priceTicks = bridge.tape.last()?.priceTicks ?? bridge.product.startingPriceTicks;
    // One quote unit costs priceTicks × priceStep × 10^-priceDecimals USD.
    const priceUnits = BigInt(priceTicks) * BigInt(bridge.product.priceStep);
    return (quoteAtoms * priceUnits) / 10n ** BigInt(bridge.product.priceDecimals);
  }
}
