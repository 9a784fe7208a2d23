import type { Clock } from '@tradeloop/clock';
import type { ConnectionSettings } from './feed-connection.js';
import { type ReconnectOptions, reconnectPolicy } from './reconnect-policy.js';

/** The connection options both feeds (Exchange and Advanced Trade) take. */
export interface FeedConnectionOptions {
  /** Drop and replace the connection when nothing (message or pong) arrives for this long. Default 15 000 ms. */
  watchdogTimeoutMs?: number;
  /** Interval of WebSocket protocol pings. Default a third of `watchdogTimeoutMs`. */
  pingIntervalMs?: number;
  /** Reconnect backoff, or `false` to stay down after a loss. */
  reconnect?: ReconnectOptions | false;
  /** Time the server has to answer a subscribe or unsubscribe. Default 10 000 ms. */
  subscribeTimeoutMs?: number;
}

/**
 * Validated connection settings and the subscribe timeout.
 * @throws {RangeError} for a non-positive timeout or interval, or bad reconnect settings.
 */
export function connectionSettingsOf(
  options: FeedConnectionOptions,
  url: string,
  clock: Clock,
  compression: boolean,
): { settings: ConnectionSettings; subscribeTimeoutMs: number } {
  const watchdogTimeoutMs = positive(options.watchdogTimeoutMs ?? 15_000, 'watchdogTimeoutMs');
  const pingIntervalMs = positive(
    options.pingIntervalMs ?? Math.max(1, Math.floor(watchdogTimeoutMs / 3)),
    'pingIntervalMs',
  );
  const subscribeTimeoutMs = positive(options.subscribeTimeoutMs ?? 10_000, 'subscribeTimeoutMs');
  return {
    settings: {
      url,
      clock,
      watchdogTimeoutMs,
      pingIntervalMs,
      reconnect: options.reconnect === false ? undefined : reconnectPolicy(options.reconnect),
      handshakeTimeoutMs: subscribeTimeoutMs,
      compression,
    },
    subscribeTimeoutMs,
  };
}

function positive(value: number, name: string): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new RangeError(
      `expected ${name} to be a positive number of milliseconds, received ${String(value)}`,
    );
  }
  return value;
}
