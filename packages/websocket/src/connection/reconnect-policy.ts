/** How the feed waits between reconnect attempts. */
export interface ReconnectOptions {
  /** Delay before the first retry. Default 250 ms. */
  initialDelayMs?: number;
  /** Cap of the doubling delay. Default 30 000 ms. */
  maxDelayMs?: number;
  /**
   * Fraction (0–1) of each delay that is random, so many clients do not reconnect in lockstep:
   * the delay is drawn from [(1 − jitter) · d, d]. Default 0.3.
   */
  jitter?: number;
  /**
   * The backoff starts over only once a connection has stayed up this long with its
   * subscriptions confirmed; a server that confirms and then drops keeps the delays growing.
   * Default 10 000 ms.
   */
  healthyAfterMs?: number;
  /** Most connection attempts in any 60 s, the first connect included; more wait. Default 10. */
  maxConnectionsPerMinute?: number;
}

/** The resolved reconnect settings. */
export type ReconnectPolicy = Required<ReconnectOptions>;

/** Validates options and fills defaults. @throws {RangeError} for a negative delay or a jitter outside 0–1. */
export function reconnectPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  const policy = {
    initialDelayMs: 250,
    maxDelayMs: 30_000,
    jitter: 0.3,
    healthyAfterMs: 10_000,
    maxConnectionsPerMinute: 10,
    ...options,
  };
  if (!(policy.initialDelayMs >= 0) || !(policy.maxDelayMs >= policy.initialDelayMs)) {
    throw new RangeError(
      `expected 0 ≤ reconnect.initialDelayMs ≤ reconnect.maxDelayMs, received ${policy.initialDelayMs} and ${policy.maxDelayMs}`,
    );
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new RangeError(`expected reconnect.jitter between 0 and 1, received ${policy.jitter}`);
  }
  if (!(policy.healthyAfterMs >= 0) || !Number.isFinite(policy.healthyAfterMs)) {
    throw new RangeError(`expected reconnect.healthyAfterMs ≥ 0, received ${policy.healthyAfterMs}`);
  }
  if (!Number.isInteger(policy.maxConnectionsPerMinute) || policy.maxConnectionsPerMinute < 1) {
    throw new RangeError(
      `expected reconnect.maxConnectionsPerMinute to be an integer ≥ 1, received ${policy.maxConnectionsPerMinute}`,
    );
  }
  return policy;
}

/** The delay before reconnect `attempt` (1 = first retry): doubling from the initial delay, capped, jittered. */
export function reconnectDelay(
  attempt: number,
  policy: ReconnectPolicy,
  random: () => number = Math.random,
): number {
  const doubled = policy.initialDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(policy.maxDelayMs, doubled);
  return Math.round(capped * (1 - policy.jitter * random()));
}
