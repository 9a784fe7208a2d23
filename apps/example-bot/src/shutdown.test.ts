import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IMMEDIATE_EXIT_CODE, SAME_SIGNAL_WINDOW_MS, ShutdownTrigger } from './shutdown.js';

function setup() {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const immediate: string[] = [];
  const clock = { now: 1_000_000 };
  const trigger = new ShutdownTrigger({
    signals,
    exit: (code) => exits.push(code),
    onImmediateExit: (signal) => immediate.push(signal),
    now: () => clock.now,
  });
  return { signals, exits, immediate, trigger, clock };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ShutdownTrigger', () => {
  it('asks for an orderly stop on the first SIGINT and exits at once on the second', () => {
    const { signals, exits, immediate, trigger, clock } = setup();
    expect(trigger.signal.aborted).toBe(false);
    signals.emit('SIGINT');
    expect(trigger.signal.aborted).toBe(true);
    expect(trigger.reason).toBe('SIGINT');
    expect(exits).toEqual([]);
    clock.now += SAME_SIGNAL_WINDOW_MS;
    signals.emit('SIGINT');
    expect(exits).toEqual([IMMEDIATE_EXIT_CODE]);
    expect(immediate).toEqual(['SIGINT']);
    trigger.dispose();
  });

  it('takes one Ctrl-C delivered twice (terminal and pnpm) as one, but a different signal as a second', () => {
    const { signals, exits, trigger, clock } = setup();
    signals.emit('SIGINT');
    clock.now += 3;
    signals.emit('SIGINT');
    expect(exits).toEqual([]);
    expect(trigger.reason).toBe('SIGINT');
    clock.now += 3;
    signals.emit('SIGTERM');
    expect(exits).toEqual([IMMEDIATE_EXIT_CODE]);
    trigger.dispose();
  });

  it('treats SIGTERM like Ctrl-C and keeps the first reason', () => {
    const { signals, trigger } = setup();
    signals.emit('SIGTERM');
    trigger.request('duration reached');
    expect(trigger.reason).toBe('SIGTERM');
    trigger.dispose();
  });

  it('stops by itself when the duration is over', () => {
    vi.useFakeTimers();
    const { trigger } = setup();
    trigger.stopAfter(undefined);
    vi.advanceTimersByTime(60_000);
    expect(trigger.signal.aborted).toBe(false);
    trigger.stopAfter(2.5);
    vi.advanceTimersByTime(2499);
    expect(trigger.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(trigger.reason).toBe('duration reached');
    trigger.dispose();
  });

  it('lets go of the signals when disposed', () => {
    const { signals, trigger } = setup();
    trigger.stopAfter(10);
    trigger.dispose();
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
