import type { EventEmitter } from 'eventemitter3';
import type { OrderManager } from '../execution/order-manager.js';
import type { VenueEvent } from '../venues/venue.js';
import type { CandleBuilder } from './candles.js';
import type { Awaitable } from './define-strategy.js';
import type { Logger } from './logger.js';
import type { MarketState } from './market-state.js';
import type { ReconciliationSchedule } from './reconciliation-schedule.js';
import type { RuntimeEvents } from './runtime-events.js';
import type { HandlerName, StrategyDispatcher } from './strategy-dispatcher.js';

/** The parts of the runtime a venue event touches. */
export interface VenueEventTarget {
  readonly venueName: string;
  readonly market: MarketState;
  readonly candles: ReadonlyMap<string, CandleBuilder>;
  readonly orders: OrderManager;
  readonly reconciliation: ReconciliationSchedule;
  readonly events: EventEmitter<RuntimeEvents>;
  readonly logger: Logger;
  /** Calls strategy handlers now (the loop awaits what they return); called directly, no wrapper per event. */
  readonly strategy: Pick<StrategyDispatcher, 'dispatch'>;
  /** Calls a strategy handler right after the current task. */
  dispatchNext(handler: HandlerName, event: unknown): void;
  reportError(error: unknown, context: string): void;
}

/**
 * Applies one venue event to the bot's state (market data, orders), tells the strategy, and
 * starts a reconciliation after a reconnect or a gap. Runs in the event loop, one event at a time.
 * The target comes first so the runtime can bind it once.
 */
export function applyVenueEvent(target: VenueEventTarget, event: VenueEvent): Awaitable {
  switch (event.type) {
    case 'ticker':
      target.market.updateTicker(event.ticker);
      return target.strategy.dispatch('onTicker', event.ticker);
    case 'trade': {
      const trade = event.trade;
      target.market.updateTrade(trade);
      // Candles are built only for a strategy with onCandle: otherwise the map is empty.
      if (target.candles.size !== 0) {
        const candle = target.candles.get(trade.productId)?.addTrade(trade);
        if (candle !== undefined) target.dispatchNext('onCandle', candle);
      }
      return target.strategy.dispatch('onTrade', trade);
    }
    case 'candle': {
      // A finished candle from a candle-fed venue (a backtest): it reaches onCandle at once, or
      // goes into the strategy's coarser candle (which closes when this one ends its bucket).
      const candle = event.candle;
      target.market.updateCandle(candle);
      const builder = target.candles.get(candle.productId);
      if (builder === undefined) return;
      const earlier = builder.addCandle(candle);
      const finished = builder.closeDue(candle.start + candle.granularityMs);
      if (earlier === undefined)
        return finished === undefined ? undefined : target.strategy.dispatch('onCandle', finished);
      if (finished !== undefined) target.dispatchNext('onCandle', finished);
      return target.strategy.dispatch('onCandle', earlier);
    }
    case 'book':
      target.market.updateBook(event.book);
      return target.strategy.dispatch('onBook', event.book);
    case 'order-report':
      target.orders.applyReport(event.report);
      return;
    case 'fill':
      target.orders.applyFill(event.fill);
      return;
    case 'order-resized':
      target.orders.applyResize(event.resize);
      return;
    case 'connected':
      target.events.emit('feed-connected');
      return;
    case 'disconnected':
      target.events.emit('feed-disconnected', { reason: event.reason });
      target.logger.warn('feed disconnected', { reason: event.reason });
      return;
    case 'reconnected':
      target.events.emit('feed-reconnected');
      target.logger.info('feed reconnected; reconciling');
      target.reconciliation.inBackground('reconnect');
      return;
    case 'gap-detected':
      target.events.emit('gap-detected', {
        productId: event.productId,
        channel: event.channel,
        detail: event.detail,
      });
      target.logger.warn('gap detected; reconciling', {
        productId: event.productId,
        channel: event.channel,
      });
      target.reconciliation.afterGap();
      return;
    case 'venue-error':
      target.reportError(event.error, `venue ${target.venueName}`);
      return;
  }
}
