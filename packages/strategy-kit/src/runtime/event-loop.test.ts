import { describe, expect, it } from 'vitest';
import { EventLoop } from './event-loop.js';

describe('EventLoop', () => {
  it('runs synchronous tasks at once, in order; follow-ups before older arrivals', () => {
    const errors: unknown[] = [];
    const loop = new EventLoop((error) => errors.push(error));
    const ran: string[] = [];
    loop.enqueue(() => {
      ran.push('a');
      loop.enqueue(() => {
        ran.push('c (queued)');
      });
      loop.enqueueNext(() => {
        ran.push('b (follow-up)');
      });
    });
    expect(ran).toEqual(['a', 'b (follow-up)', 'c (queued)']);
    expect(errors).toEqual([]);
  });

  it('holds the loop while a task awaits, and reports a throwing or rejecting task without stopping', async () => {
    const errors: string[] = [];
    const loop = new EventLoop((error) => errors.push(String(error)));
    const ran: string[] = [];
    let release: () => void = () => {};
    loop.enqueue(
      () =>
        new Promise<void>((resolve) => {
          ran.push('slow start');
          release = () => {
            ran.push('slow end');
            resolve();
          };
        }),
    );
    loop.enqueue(() => {
      throw new Error('boom');
    });
    loop.enqueue(() => Promise.reject(new Error('async boom')));
    loop.enqueue(() => {
      ran.push('after');
    });
    expect(ran).toEqual(['slow start']);
    expect(loop.size).toBe(3);
    release();
    await loop.idle();
    expect(ran).toEqual(['slow start', 'slow end', 'after']);
    expect(errors).toEqual(['Error: boom', 'Error: async boom']);
  });

  it('queues behind an awaiting task, then drains in order; idle() resolves when drained', async () => {
    const loop = new EventLoop(() => {});
    const ran: number[] = [];
    let release: () => void = () => {};
    loop.enqueue(() => new Promise<void>((resolve) => (release = resolve)));
    for (let index = 0; index < 3000; index += 1)
      loop.enqueue(() => {
        ran.push(index);
      });
    expect(ran).toHaveLength(0);
    const idle = loop.idle();
    release();
    await idle;
    expect(ran).toHaveLength(3000);
    expect(ran[2999]).toBe(2999);
    expect(loop.size).toBe(0);
  });

  it('runs a task with its argument at once when idle, queues it behind a running task otherwise', async () => {
    const loop = new EventLoop(() => {});
    const ran: string[] = [];
    const record = (label: string) => {
      ran.push(label);
    };
    loop.enqueueWith(record, 'idle: at once');
    expect(ran).toEqual(['idle: at once']);
    expect(loop.isIdle).toBe(true);
    let release: () => void = () => {};
    loop.enqueue(() => new Promise<void>((resolve) => (release = resolve)));
    loop.enqueueWith(record, 'queued 1');
    loop.enqueueNextWith(record, 'follow-up');
    loop.enqueueWith(record, 'queued 2');
    expect(loop.isIdle).toBe(false);
    expect(ran).toEqual(['idle: at once']);
    release();
    await loop.idle();
    expect(ran).toEqual(['idle: at once', 'follow-up', 'queued 1', 'queued 2']);
    expect(loop.isIdle).toBe(true);
  });
});
