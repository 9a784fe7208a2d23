import type { CancelTimer, Clock } from '@tradeloop/clock';
import WebSocket from 'ws';
import { ConnectionError, FeedClosedError } from '../errors.js';
import type { DisconnectReason, FeedEmit } from '../feed-events.js';
import { type ReconnectPolicy, reconnectDelay } from './reconnect-policy.js';
import { Watchdog } from './watchdog.js';

/** Where the feed is in its life. */
export type FeedState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the connection tells the rest of the feed. */
export interface ConnectionHost {
  emit: FeedEmit;
  /** Runs a task without letting its exception escape into a socket callback. */
  guard(task: () => void): void;
  /** A socket opened (`connected` emitted, `connect()` callers resolved): restore the subscriptions. */
  opened(reconnected: boolean): void;
  /** A frame arrived (the watchdog has been fed). */
  received(data: WebSocket.RawData, isBinary: boolean): void;
  /** The socket was lost while the feed lives (before `disconnected`); `wasOpen` false when it never opened. */
  lost(wasOpen: boolean): void;
  /** The connection was lost with reconnect off: the feed is closed for good. */
  gaveUp(error: FeedClosedError): void;
}

/** Settings of a {@link FeedConnection}, validated by the feed. */
export interface ConnectionSettings {
  url: string;
  clock: Clock;
  watchdogTimeoutMs: number;
  pingIntervalMs: number;
  /** `undefined`: stay down after a loss. */
  reconnect: ReconnectPolicy | undefined;
  /** Time the server has to complete the WebSocket handshake. */
  handshakeTimeoutMs: number;
  compression: boolean;
}

/** A server that never answers the close handshake must not hold `close()` longer than this. */
const FORCE_CLOSE_MS = 2_000;
/** The window of `maxConnectionsPerMinute`. */
const MINUTE_MS = 60_000;

/**
 * The feed's connection lifecycle: one socket at a time, replaced after a loss with exponential
 * backoff; protocol pings, and a watchdog that drops a silent socket. All timers run on the
 * injected clock. It knows nothing of subscriptions or messages: it tells its host.
 */
export class FeedConnection {
  readonly url: string;
  readonly #settings: ConnectionSettings;
  readonly #clock: Clock;
  readonly #host: ConnectionHost;
  readonly #watchdog: Watchdog;
  #state: FeedState = 'idle';
  #socket: WebSocket | undefined;
  /** True once the current socket opened. */
  #socketOpened = false;
  #everConnected = false;
  #attempt = 0;
  /** Clock times of the connection attempts of the last minute, oldest first. */
  readonly #attemptTimes: number[] = [];
  /** When the current socket opened, and whether its subscriptions were confirmed since. */
  #openedAt = 0;
  #subscriptionsRestored = false;
  #cancelHealthCheck: CancelTimer | undefined;
  #cancelReconnect: CancelTimer | undefined;
  #cancelPing: CancelTimer | undefined;
  #cancelForceClose: CancelTimer | undefined;
  /** Why the feed itself is dropping the current socket, if it is. */
  #dropReason: DisconnectReason | undefined;
  #connectWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #closeWaiters: Array<() => void> = [];

  constructor(settings: ConnectionSettings, host: ConnectionHost) {
    this.url = settings.url;
    this.#settings = settings;
    this.#clock = settings.clock;
    this.#host = host;
    this.#watchdog = new Watchdog(settings.watchdogTimeoutMs, settings.clock, (silentForMs) => {
      host.emit('stale', { kind: 'feed', silentForMs });
      this.drop('watchdog-timeout');
    });
  }

  get state(): FeedState {
    return this.#state;
  }

  /** Resolves once connected; a failed first attempt is retried. Rejects after `close()`. */
  connect(): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(new FeedClosedError('the feed was closed'));
    if (this.#state === 'open') return Promise.resolve();
    const waiting = new Promise<void>((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
    if (this.#state === 'idle') this.#open();
    return waiting;
  }

  /**
   * Sends a text frame on the open socket; false (nothing sent) when there is none. A send that
   * fails later is reported to `onError`.
   */
  send(text: string, onError: (error: Error) => void): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text, (error) => {
      if (error) onError(error);
    });
    return true;
  }

  /**
   * The subscriptions are restored on the current socket. Once it has also stayed up for
   * `healthyAfterMs`, the next loss starts the backoff from the first delay again.
   */
  subscriptionsRestored(): void {
    this.#subscriptionsRestored = true;
    this.#resetBackoffIfHealthy();
  }

  #resetBackoffIfHealthy(): void {
    const policy = this.#settings.reconnect;
    if (this.#state !== 'open' || !this.#subscriptionsRestored || policy === undefined) return;
    if (this.#clock.now() - this.#openedAt >= policy.healthyAfterMs) this.#attempt = 0;
  }

  /** Drops the current socket on purpose; the close event reconnects. */
  drop(reason: DisconnectReason): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#dropReason = reason;
    this.#watchdog.stop();
    socket.terminate();
  }

  /** Closes for good: `connect()` callers reject; resolves when the socket has closed. */
  close(): Promise<void> {
    if (this.#state === 'closed') return Promise.resolve();
    this.#state = 'closed';
    this.#cancelReconnect?.();
    this.#cancelReconnect = undefined;
    this.#stopTimers();
    const closed = new FeedClosedError();
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(closed);
    const socket = this.#socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) {
      this.#socket = undefined;
      return Promise.resolve();
    }
    this.#dropReason = 'closed';
    const done = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    try {
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'client closed');
    } catch {
      socket.terminate();
    }
    this.#cancelForceClose = this.#clock.setTimer(FORCE_CLOSE_MS, () => socket.terminate());
    return done;
  }

  #open(): void {
    this.#state = this.#everConnected ? 'reconnecting' : 'connecting';
    this.#dropReason = undefined;
    this.#attemptTimes.push(this.#clock.now());
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url, {
        handshakeTimeout: this.#settings.handshakeTimeoutMs,
        perMessageDeflate: this.#settings.compression,
      });
    } catch (error) {
      this.#host.emit(
        'error',
        new ConnectionError(`expected a ws:// or wss:// URL, received ${this.url}`, undefined, {
          cause: error,
        }),
      );
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    this.#socketOpened = false;
    const host = this.#host;
    socket.on('open', () => host.guard(() => this.#onOpen(socket)));
    socket.on('message', (data, isBinary) => {
      this.#watchdog.feed();
      host.received(data, isBinary);
    });
    socket.on('pong', () => this.#watchdog.feed());
    socket.on('error', (error) => host.guard(() => this.#onSocketError(socket, error)));
    socket.on('close', (code, reason) => host.guard(() => this.#onClose(socket, code, reason.toString())));
  }

  #onOpen(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#state = 'open';
    this.#socketOpened = true;
    this.#openedAt = this.#clock.now();
    this.#subscriptionsRestored = false;
    const healthyAfterMs = this.#settings.reconnect?.healthyAfterMs;
    if (healthyAfterMs !== undefined) {
      this.#cancelHealthCheck = this.#clock.setTimer(healthyAfterMs, () => {
        this.#cancelHealthCheck = undefined;
        if (socket === this.#socket) this.#resetBackoffIfHealthy();
      });
    }
    const reconnected = this.#everConnected;
    this.#everConnected = true;
    this.#watchdog.start();
    this.#schedulePing(socket);
    this.#host.emit('connected', { url: this.url, reconnected });
    for (const waiter of this.#connectWaiters.splice(0)) waiter.resolve();
    this.#host.opened(reconnected);
  }

  #schedulePing(socket: WebSocket): void {
    this.#cancelPing = this.#clock.setTimer(this.#settings.pingIntervalMs, () => {
      if (socket !== this.#socket) return;
      try {
        if (socket.readyState === WebSocket.OPEN) socket.ping();
      } catch {
        // A ping on a dying socket fails; the close event reports it.
      }
      this.#schedulePing(socket);
    });
  }

  #onSocketError(socket: WebSocket, error: Error): void {
    // After close() the socket is being torn down on purpose; its complaints are not news.
    if (socket !== this.#socket || this.#state === 'closed') return;
    // The close event follows and drives the reconnect; report the cause here.
    this.#host.emit(
      'error',
      new ConnectionError(`the feed connection failed: ${error.message}`, undefined, { cause: error }),
    );
  }

  #onClose(socket: WebSocket, code: number, detail: string): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#stopTimers();
    const reason: DisconnectReason =
      this.#dropReason ?? (code === 1006 ? 'connection-lost' : 'server-closed');
    this.#dropReason = undefined;
    const wasOpen = this.#socketOpened;
    this.#socketOpened = false;
    if (this.#state === 'closed') {
      this.#cancelForceClose?.();
      this.#cancelForceClose = undefined;
      this.#host.emit('disconnected', { reason: 'closed', code, detail, willReconnect: false });
      for (const resolve of this.#closeWaiters.splice(0)) resolve();
      return;
    }
    this.#host.lost(wasOpen);
    const willReconnect = this.#settings.reconnect !== undefined;
    if (wasOpen) this.#host.emit('disconnected', { reason, code, detail, willReconnect });
    if (willReconnect) this.#scheduleReconnect();
    else {
      this.#state = 'closed';
      const error = new FeedClosedError('the connection was lost and reconnect is off');
      for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
      this.#host.gaveUp(error);
    }
  }

  #scheduleReconnect(): void {
    const policy = this.#settings.reconnect;
    if (!policy || this.#state === 'closed') return;
    this.#state = 'reconnecting';
    this.#attempt += 1;
    const delayMs = Math.max(reconnectDelay(this.#attempt, policy), this.#waitForConnectionBudget(policy));
    this.#host.emit('reconnecting', { attempt: this.#attempt, delayMs });
    this.#cancelReconnect = this.#clock.setTimer(delayMs, () => {
      this.#cancelReconnect = undefined;
      if (this.#state !== 'closed') this.#host.guard(() => this.#open());
    });
  }

  /** Time until one more attempt fits in `maxConnectionsPerMinute`: 0 when it fits now. */
  #waitForConnectionBudget(policy: ReconnectPolicy): number {
    const now = this.#clock.now();
    const times = this.#attemptTimes;
    while (times.length > 0 && (times[0] as number) <= now - MINUTE_MS) times.shift();
    if (times.length < policy.maxConnectionsPerMinute) return 0;
    // The attempt that must leave the window before another may start.
    const oldest = times[times.length - policy.maxConnectionsPerMinute] as number;
    return Math.max(0, oldest + MINUTE_MS - now);
  }

  #stopTimers(): void {
    this.#cancelHealthCheck?.();
    this.#cancelHealthCheck = undefined;
    this.#watchdog.stop();
    this.#cancelPing?.();
    this.#cancelPing = undefined;
  }
}
