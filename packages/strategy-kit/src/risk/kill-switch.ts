import { EventEmitter } from 'eventemitter3';

/** Who pulled the switch. */
export type KillSwitchSource = 'strategy' | 'runtime' | 'signal' | 'operator';

/** Why and when the switch was engaged. */
export interface KillSwitchState {
  readonly reason: string;
  readonly source: KillSwitchSource;
  readonly at: number;
}

/** Events of the kill switch. */
export interface KillSwitchEvents {
  'kill-switch-engaged': [state: KillSwitchState];
  'kill-switch-reset': [];
}

/**
 * Halts trading: once engaged, the risk gates deny every new order and the runtime cancels every
 * open one. Reachable from a strategy (`ctx.halt`), from the runtime (error policy, operator code)
 * and from a process signal ({@link KillSwitch.bindSignal}). Engaging twice keeps the first reason.
 *
 * @example
 * runtime.killSwitch.bindSignal('SIGUSR2'); // `kill -USR2 <pid>` halts the bot and cancels its orders
 */
export class KillSwitch extends EventEmitter<KillSwitchEvents> {
  #state: KillSwitchState | undefined;
  readonly #now: () => number;

  constructor(now: () => number) {
    super();
    this.#now = now;
  }

  get engaged(): boolean {
    return this.#state !== undefined;
  }

  get state(): KillSwitchState | undefined {
    return this.#state;
  }

  /** Halts trading; returns false when it was engaged already. */
  engage(reason: string, source: KillSwitchSource = 'operator'): boolean {
    if (this.#state !== undefined) return false;
    this.#state = { reason, source, at: this.#now() };
    this.emit('kill-switch-engaged', this.#state);
    return true;
  }

  /** Allows new orders again (operator decision; a strategy cannot reset it). */
  reset(): void {
    if (this.#state === undefined) return;
    this.#state = undefined;
    this.emit('kill-switch-reset');
  }

  /** Engages the switch when the process receives `signal`; returns a function that unbinds it. */
  bindSignal(signal: NodeJS.Signals = 'SIGUSR2'): () => void {
    const onSignal = () => {
      this.engage(`received ${signal}`, 'signal');
    };
    process.on(signal, onSignal);
    return () => {
      process.off(signal, onSignal);
    };
  }
}
