export { describeValue, TradeloopError, type TradeloopErrorOptions } from './base-error.js';
