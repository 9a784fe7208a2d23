import type { ExchangeApi } from '../exchange/contract.js';
import type { FaultInjector } from '../faults.js';
import type { AdvancedTradeState } from './advanced-trade/state.js';
import type { ApiKeyStore } from './api-keys.js';
import type { AuthSettings } from './auth.js';
import type { RateLimiter } from './rate-limits.js';

/** Everything the transport of one simulator instance shares; there is no module-level state. */
export interface ServerContext {
  exchange: ExchangeApi;
  keys: ApiKeyStore;
  /** The Advanced Trade protocol's keys, order side tables and rate limits. */
  advancedTrade: AdvancedTradeState;
  auth: AuthSettings;
  /** Undefined when rate limits are off. */
  rateLimiter: RateLimiter | undefined;
  faults: FaultInjector;
  /** Wall-clock milliseconds: the reference for auth windows and `/time` (never sped up). */
  wallClock: () => number;
  /** Where problems inside the server are reported (never secrets or headers). */
  log: (line: string) => void;
  limits: ServerLimits;
}

/** Size and time limits that keep bad input from hurting the process. */
export interface ServerLimits {
  /** Largest accepted REST body; larger ones get 413. */
  maxBodyBytes: number;
  /** Largest accepted WebSocket frame; larger ones close the connection with 1009. */
  maxWebSocketMessageBytes: number;
  /** A WebSocket that has not subscribed within this time is closed. */
  subscribeTimeoutMs: number;
  /** A WebSocket whose unsent data exceeds this is closed with `ErrSlowConsume`. */
  maxWebSocketBufferedBytes: number;
  /** Most WebSocket connections served at once; more are refused with 503. */
  maxWebSocketConnections: number;
  /**
   * Most TCP connections (REST and WebSocket) at once; more are dropped on arrival. With the body,
   * header and send-buffer limits this bounds what connections can make the process hold.
   */
  maxConnections: number;
  /** A socket that sends and receives nothing for this long (a half-open peer, a stalled request) is closed. */
  idleSocketTimeoutMs: number;
}

export const defaultServerLimits: ServerLimits = {
  maxBodyBytes: 64 * 1024,
  maxWebSocketMessageBytes: 64 * 1024,
  subscribeTimeoutMs: 5000,
  maxWebSocketBufferedBytes: 16 * 1024 * 1024,
  maxWebSocketConnections: 10_000,
  maxConnections: 12_000,
  // Longer than the keep-alive timeout (65 s), so only sockets that went silent mid-request or
  // whose peer vanished are cut by it.
  idleSocketTimeoutMs: 90_000,
};
