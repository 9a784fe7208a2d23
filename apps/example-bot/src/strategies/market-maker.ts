/**
 * A small market maker: one bid and one ask per product around the mid price, leaning against
 * the inventory it builds up (long → both quotes lower, so selling gets likelier), refreshed on a
 * timer and after every fill. Quotes are post-only, so it never takes liquidity.
 *
 * Run it: `pnpm --filter example-bot start -- --strategy market-maker --param spread=0.001`.
 */
import { type ClientOrderId, defineStrategy, type StrategyContext } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import { computeQuotes, type Quote, shouldReplace } from './quoting.js';

/** Parameters; every one can be set with `--param name=value`. */
export interface MarketMakerParams {
  /** Full spread as a fraction of the mid (0.002 = 20 basis points). */
  spread: string;
  /** Size of each quote, in the base currency. */
  orderSize: string;
  /** Inventory at which the bot stops adding on that side, in the base currency. */
  maxInventory: string;
  /** Lean against inventory: at full inventory both quotes move by `skew` half-spreads. */
  skew: string;
  /** A resting quote is replaced when the wanted price moved by more than this fraction. */
  requoteThreshold: string;
  /** Milliseconds between quote refreshes. */
  refreshMs: number;
}

/** The bot's current quote on each side of each product, by client order id. */
interface MarketMakerState {
  quotes: Map<string, { buy?: ClientOrderId; sell?: ClientOrderId }>;
  /** When each product was last requoted (runtime clock, ms). */
  requotedAt: Map<string, number>;
  /** `productId:side` → time before which that side is not quoted again, after a risk denial. */
  pausedUntil: Map<string, number>;
}

/** Refresh periods a side waits after a risk gate refused its quote, instead of asking again at once. */
const DENIAL_BACKOFF_REFRESHES = 8;

type Context = StrategyContext<MarketMakerParams, MarketMakerState>;

const FINAL_STATUSES: ReadonlySet<string> = new Set(['filled', 'canceled', 'rejected']);

const decimalParameters = ['spread', 'orderSize', 'maxInventory', 'skew', 'requoteThreshold'] as const;

export default defineStrategy<MarketMakerParams, MarketMakerState>({
  name: 'market-maker',
  // Quotes around the ticker's bid and ask besides the book.
  marketData: { ticker: true },
  description: 'Quotes a post-only bid and ask around the mid price, leaning against its inventory.',
  params: {
    defaults: {
      spread: '0.0004',
      orderSize: '0.001',
      maxInventory: '0.004',
      skew: '1',
      requoteThreshold: '0.0005',
      refreshMs: 1000,
    },
    validate(params) {
      const problems: string[] = [];
      for (const name of decimalParameters) {
        const value = params[name];
        if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) {
          problems.push(
            `${name} must be a non-negative decimal such as 0.002, received ${JSON.stringify(value)}`,
          );
        }
      }
      if (problems.length === 0) {
        if (new Decimal(params.spread).lte(0)) problems.push('spread must be above 0');
        if (new Decimal(params.orderSize).lte(0)) problems.push('orderSize must be above 0');
        if (new Decimal(params.maxInventory).lt(params.orderSize)) {
          problems.push('maxInventory must be at least orderSize');
        }
      }
      if (!Number.isInteger(params.refreshMs) || params.refreshMs < 100) {
        problems.push(`refreshMs must be a whole number of at least 100, received ${params.refreshMs}`);
      }
      return problems;
    },
  },
  createState: () => ({ quotes: new Map(), requotedAt: new Map(), pausedUntil: new Map() }),

  onStart(ctx) {
    ctx.timers.every(ctx.params.refreshMs, 'requote');
    ctx.log.info(
      `quoting ${ctx.productIds.join(', ')} at a ${new Decimal(ctx.params.spread).times(100).toFixed()}% spread, ${ctx.params.orderSize} a side`,
    );
  },

  // Book updates requote sooner than the timer when the market moves, at most four times per refresh period.
  onBook(book, ctx) {
    const last = ctx.state.requotedAt.get(book.productId) ?? 0;
    if (ctx.now() - last >= ctx.params.refreshMs / 4) requote(book.productId, ctx);
  },

  onTimer(_timer, ctx) {
    for (const productId of ctx.productIds) requote(productId, ctx);
  },

  onOrderUpdate(update, ctx) {
    if (update.denial === undefined) return;
    const key = `${update.order.productId}:${update.order.side}`;
    if ((ctx.state.pausedUntil.get(key) ?? 0) > ctx.now()) return;
    ctx.state.pausedUntil.set(key, ctx.now() + DENIAL_BACKOFF_REFRESHES * ctx.params.refreshMs);
    ctx.log.warn(
      `${update.order.side} quote on ${update.order.productId} refused (${update.denial.reason}); pausing that side for ${
        (DENIAL_BACKOFF_REFRESHES * ctx.params.refreshMs) / 1000
      } s`,
    );
  },

  onFill(fill, ctx) {
    const position = ctx.position(fill.productId).size;
    ctx.log.info(`inventory ${position.toFixed()} after a ${fill.side} fill; leaning quotes`, {
      signal: position.isZero() ? 'flat' : position.isPositive() ? 'lean-sell' : 'lean-buy',
      productId: fill.productId,
    });
    requote(fill.productId, ctx);
  },
});

/** Brings the product's resting quotes in line with where they should be. */
function requote(productId: string, ctx: Context): void {
  const book = ctx.book(productId);
  const ticker = ctx.ticker(productId);
  const bestBid = book?.bestBid()?.price ?? ticker?.bestBid;
  const bestAsk = book?.bestAsk()?.price ?? ticker?.bestAsk;
  if (bestBid === undefined || bestAsk === undefined) return;
  ctx.state.requotedAt.set(productId, ctx.now());

  const rules = ctx.product(productId);
  const wanted = computeQuotes({
    bestBid,
    bestAsk,
    position: ctx.position(productId).size,
    rules,
    spread: new Decimal(ctx.params.spread),
    orderSize: new Decimal(ctx.params.orderSize),
    maxInventory: new Decimal(ctx.params.maxInventory),
    skew: new Decimal(ctx.params.skew),
  });
  const quotes = ctx.state.quotes.get(productId) ?? {};
  ctx.state.quotes.set(productId, quotes);
  for (const side of ['buy', 'sell'] as const) {
    quotes[side] = refreshSide(
      productId,
      quotes[side],
      wanted.find((quote) => quote.side === side),
      ctx,
    );
  }
}

/**
 * One side: keep the resting quote, cancel it, or place a new one. A new quote goes out only once
 * the old one is gone, so the two never rest together (which could breach the position limit).
 */
function refreshSide(
  productId: string,
  current: ClientOrderId | undefined,
  wanted: Quote | undefined,
  ctx: Context,
): ClientOrderId | undefined {
  const order = current === undefined ? undefined : ctx.order(current);
  if (order !== undefined && !FINAL_STATUSES.has(order.status)) {
    // Still on its way in or out (or its placement's fate is being looked up): decide on the next refresh.
    if (
      order.status === 'pending_cancel' ||
      order.status === 'created' ||
      order.status === 'submitted' ||
      order.status === 'unknown'
    ) {
      return current;
    }
    const price = order.request.price;
    const remaining = order.remainingSize;
    const keep =
      wanted !== undefined &&
      price !== undefined &&
      remaining !== undefined &&
      !shouldReplace(
        { side: order.side, price, size: remaining },
        wanted,
        new Decimal(ctx.params.requoteThreshold),
      );
    if (!keep) ctx.orders.cancel(order.clientOrderId);
    return current;
  }
  if (wanted === undefined || (ctx.state.pausedUntil.get(`${productId}:${wanted.side}`) ?? 0) > ctx.now()) {
    return undefined;
  }
  return ctx.orders.limit({
    productId,
    side: wanted.side,
    size: wanted.size.toFixed(),
    price: wanted.price.toFixed(),
    postOnly: true,
  });
}
