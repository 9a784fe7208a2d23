import { InvalidSimulatorOptionError } from './simulator-errors.js';

/** Named fault profiles, from harmless to everything at once. */
export type FaultProfileName =
  | 'none'
  | 'flaky-connections'
  | 'gaps'
  | 'slow'
  | 'server-errors'
  | 'lost-responses'
  | 'slow-placements'
  | '2xx-garbage'
  | 'header-echo'
  | 'chaos';

/** Fine-grained fault settings; every fault is off when its field is absent or zero. */
export interface FaultOptions {
  /** Seed of the fault dice; default: the simulator's seed. Same seed and same traffic, same faults. */
  seed?: number;
  /** Terminate every WebSocket connection (abruptly, code 1006 on the client) every N seconds. */
  dropConnectionsEverySeconds?: number;
  /** Probability that a sequenced WebSocket message (full, user, matches, ticker) is not delivered to a connection. */
  skipSequenceProbability?: number;
  /** Probability that one `l2update` is not delivered to a connection. */
  dropL2UpdateProbability?: number;
  /** Delay every REST response by a random time in [responseDelayMs / 2, responseDelayMs]. */
  responseDelayMs?: number;
  /** Fraction of REST requests answered 500, 502 or 503 without being executed. */
  serverErrorRate?: number;
  /** Fraction of REST requests answered 429 without being executed. */
  rateLimitErrorRate?: number;
  /** Fraction of `POST /orders` whose order is placed but whose response is lost (socket destroyed, or 504/502). */
  loseOrderResponseRate?: number;
  /**
   * Fraction of `POST /orders` held back `slowPlacementDelayMs` before the order is executed (a
   * queueing matching engine): a lookup in the meantime finds nothing, then the order lands and is
   * acknowledged.
   */
  slowPlacementRate?: number;
  /** How long a slow placement waits before it lands (default 2500 ms when `slowPlacementRate` is set). */
  slowPlacementDelayMs?: number;
  /** Fraction of `POST /orders` whose order is placed but answered `200` with an unreadable HTML body. */
  garbageOrderResponseRate?: number;
  /**
   * Fraction of authenticated REST requests answered `400` without being executed, by a "gateway"
   * that echoes every request header (the key, signature and passphrase) in the error body.
   */
  headerEchoRate?: number;
}

/** What each profile turns on. */
export const faultProfiles: Readonly<Record<FaultProfileName, Readonly<FaultOptions>>> = {
  none: {},
  'flaky-connections': { dropConnectionsEverySeconds: 5 },
  gaps: { skipSequenceProbability: 0.02, dropL2UpdateProbability: 0.02 },
  slow: { responseDelayMs: 300 },
  'server-errors': { serverErrorRate: 0.1, rateLimitErrorRate: 0.05 },
  'lost-responses': { loseOrderResponseRate: 0.2 },
  'slow-placements': { slowPlacementRate: 0.3, slowPlacementDelayMs: 2500 },
  '2xx-garbage': { garbageOrderResponseRate: 0.2 },
  'header-echo': { headerEchoRate: 0.1 },
  chaos: {
    dropConnectionsEverySeconds: 10,
    skipSequenceProbability: 0.01,
    dropL2UpdateProbability: 0.01,
    responseDelayMs: 100,
    serverErrorRate: 0.05,
    rateLimitErrorRate: 0.02,
    loseOrderResponseRate: 0.05,
  },
};

/** Counts of the faults injected so far. */
export interface FaultStats {
  droppedConnections: number;
  skippedSequences: number;
  droppedL2Updates: number;
  delayedResponses: number;
  serverErrors: number;
  rateLimitErrors: number;
  lostOrderResponses: number;
  slowPlacements: number;
  garbageOrderResponses: number;
  echoedHeaders: number;
}

/** A REST request's fate decided before it runs. */
export type RequestFault =
  | { kind: 'none' }
  | { kind: 'server-error'; status: 500 | 502 | 503; message: string }
  | { kind: 'rate-limited' };

/** How an accepted order's response is lost. */
export type LostResponse = 'none' | 'destroy-socket' | 'gateway-error';

const serverErrors = [
  { status: 500, message: 'Internal server error' },
  { status: 502, message: 'Bad Gateway' },
  { status: 503, message: 'Service Unavailable' },
] as const;

/** Resolves a profile name or options into validated options. */
export function resolveFaultOptions(
  faults: FaultProfileName | FaultOptions,
): Required<Omit<FaultOptions, 'seed'>> & { seed?: number } {
  let options: FaultOptions;
  if (typeof faults === 'string') {
    const profile = (faultProfiles as Record<string, FaultOptions | undefined>)[faults];
    if (!profile) {
      throw new InvalidSimulatorOptionError(
        'faults',
        `expected one of ${Object.keys(faultProfiles).join(', ')}, received "${faults}"`,
      );
    }
    options = profile;
  } else if (typeof faults === 'object' && faults !== null) {
    options = faults;
  } else {
    throw new InvalidSimulatorOptionError(
      'faults',
      `expected a profile name or an options object, received ${typeof faults}`,
    );
  }
  const probability = (name: keyof FaultOptions) => {
    const value = options[name] ?? 0;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new InvalidSimulatorOptionError(
        `faults.${name}`,
        `expected a probability between 0 and 1, received ${String(value)}`,
      );
    }
    return value;
  };
  const nonNegative = (name: keyof FaultOptions) => {
    const value = options[name] ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidSimulatorOptionError(
        `faults.${name}`,
        `expected a finite number ≥ 0, received ${String(value)}`,
      );
    }
    return value;
  };
  const resolved = {
    dropConnectionsEverySeconds: nonNegative('dropConnectionsEverySeconds'),
    skipSequenceProbability: probability('skipSequenceProbability'),
    dropL2UpdateProbability: probability('dropL2UpdateProbability'),
    responseDelayMs: nonNegative('responseDelayMs'),
    serverErrorRate: probability('serverErrorRate'),
    rateLimitErrorRate: probability('rateLimitErrorRate'),
    loseOrderResponseRate: probability('loseOrderResponseRate'),
    slowPlacementRate: probability('slowPlacementRate'),
    slowPlacementDelayMs:
      options.slowPlacementDelayMs === undefined ? 2500 : nonNegative('slowPlacementDelayMs'),
    garbageOrderResponseRate: probability('garbageOrderResponseRate'),
    headerEchoRate: probability('headerEchoRate'),
  };
  if (resolved.serverErrorRate + resolved.rateLimitErrorRate > 1) {
    throw new InvalidSimulatorOptionError(
      'faults',
      `serverErrorRate + rateLimitErrorRate must not exceed 1, received ${resolved.serverErrorRate + resolved.rateLimitErrorRate}`,
    );
  }
  return options.seed === undefined ? resolved : { ...resolved, seed: nonNegative('seed') };
}

/**
 * Decides, with seeded dice, which requests and messages a fault hits, and counts them. One per
 * simulator instance; the transport asks it at each decision point.
 */
export class FaultInjector {
  #settings: ReturnType<typeof resolveFaultOptions>;
  #random: () => number;
  readonly #stats: FaultStats = {
    droppedConnections: 0,
    skippedSequences: 0,
    droppedL2Updates: 0,
    delayedResponses: 0,
    serverErrors: 0,
    rateLimitErrors: 0,
    lostOrderResponses: 0,
    slowPlacements: 0,
    garbageOrderResponses: 0,
    echoedHeaders: 0,
  };
  readonly #defaultSeed: number;

  constructor(faults: FaultProfileName | FaultOptions, defaultSeed: number) {
    this.#defaultSeed = defaultSeed;
    this.#settings = resolveFaultOptions(faults);
    this.#random = seededRandom(this.#settings.seed ?? defaultSeed);
  }

  /** Replaces the fault settings (and reseeds the dice); counts are kept. */
  configure(faults: FaultProfileName | FaultOptions): void {
    this.#settings = resolveFaultOptions(faults);
    this.#random = seededRandom(this.#settings.seed ?? this.#defaultSeed);
  }

  /** The period of the connection-dropping fault in seconds, or 0 when off. */
  get dropConnectionsEverySeconds(): number {
    return this.#settings.dropConnectionsEverySeconds;
  }

  /** A copy of the counts. */
  stats(): FaultStats {
    return { ...this.#stats };
  }

  /** Decides whether a REST request is refused with a 5xx or a 429 before it runs. */
  requestFault(): RequestFault {
    const { serverErrorRate, rateLimitErrorRate } = this.#settings;
    if (serverErrorRate === 0 && rateLimitErrorRate === 0) return { kind: 'none' };
    const roll = this.#random();
    if (roll < serverErrorRate) {
      this.#stats.serverErrors += 1;
      const choice = serverErrors[Math.floor(this.#random() * serverErrors.length)] ?? serverErrors[0];
      return { kind: 'server-error', ...choice };
    }
    if (roll < serverErrorRate + rateLimitErrorRate) {
      this.#stats.rateLimitErrors += 1;
      return { kind: 'rate-limited' };
    }
    return { kind: 'none' };
  }

  /** Milliseconds to hold a REST response back (0 when the fault is off). */
  responseDelayMs(): number {
    const delay = this.#settings.responseDelayMs;
    if (delay === 0) return 0;
    this.#stats.delayedResponses += 1;
    return Math.round(delay * (0.5 + this.#random() / 2));
  }

  /** Decides whether an accepted order's response is lost, and how. */
  lostOrderResponse(): LostResponse {
    const rate = this.#settings.loseOrderResponseRate;
    if (rate === 0 || this.#random() >= rate) return 'none';
    this.#stats.lostOrderResponses += 1;
    return this.#random() < 0.5 ? 'destroy-socket' : 'gateway-error';
  }

  /** Milliseconds to hold a placement back before it lands (0: it lands at once). */
  slowPlacementDelayMs(): number {
    const rate = this.#settings.slowPlacementRate;
    if (rate === 0 || this.#random() >= rate) return 0;
    this.#stats.slowPlacements += 1;
    return this.#settings.slowPlacementDelayMs;
  }

  /** True when an accepted order's `200` must carry an unreadable body. */
  garbageOrderResponse(): boolean {
    const rate = this.#settings.garbageOrderResponseRate;
    if (rate === 0 || this.#random() >= rate) return false;
    this.#stats.garbageOrderResponses += 1;
    return true;
  }

  /** True when an authenticated request must be refused by the header-echoing gateway. */
  echoHeaders(): boolean {
    const rate = this.#settings.headerEchoRate;
    if (rate === 0 || this.#random() >= rate) return false;
    this.#stats.echoedHeaders += 1;
    return true;
  }

  /** True when a sequenced message must not reach one connection. */
  skipSequencedMessage(): boolean {
    const probability = this.#settings.skipSequenceProbability;
    if (probability === 0 || this.#random() >= probability) return false;
    this.#stats.skippedSequences += 1;
    return true;
  }

  /** True when an `l2update` must not reach one connection. */
  dropL2Update(): boolean {
    const probability = this.#settings.dropL2UpdateProbability;
    if (probability === 0 || this.#random() >= probability) return false;
    this.#stats.droppedL2Updates += 1;
    return true;
  }

  /** Records connections terminated by the connection-dropping fault. */
  recordDroppedConnections(count: number): void {
    this.#stats.droppedConnections += count;
  }
}

/** sfc32 seeded through splitmix32: fast, good enough for dice, and the same on every platform. */
function seededRandom(seed: number): () => number {
  let state = Math.floor(seed) >>> 0;
  const splitmix = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let counter = 1;
  return () => {
    const result = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + result) >>> 0;
    return result / 4294967296;
  };
}
