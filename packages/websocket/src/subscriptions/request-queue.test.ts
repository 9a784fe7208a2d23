import { describe, expect, it } from 'vitest';
import { RequestQueue, type SentRequest } from './request-queue.js';

function settle(log: string[], name: string) {
  return {
    resolve: () => log.push(`${name}:resolved`),
    reject: (error: Error) => log.push(`${name}:${error.message}`),
  };
}

describe('RequestQueue', () => {
  it('gives each reply to the oldest request', () => {
    const queue = new RequestQueue(1_000, () => undefined);
    const first: SentRequest = { kind: 'subscribe' };
    const second: SentRequest = { kind: 'unsubscribe' };
    queue.sent(first);
    queue.sent(second);
    expect(queue.answered()).toBe(first);
    expect(queue.answered()).toBe(second);
    expect(queue.answered()).toBeUndefined();
  });

  it('times out an unanswered request once and forgets it', async () => {
    const timedOut: SentRequest[] = [];
    const queue = new RequestQueue(5, (request) => timedOut.push(request));
    const request: SentRequest = { kind: 'subscribe' };
    queue.sent(request);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(timedOut).toEqual([request]);
    expect(queue.answered()).toBeUndefined();
  });

  it('on a lost connection parks subscribes, resolves unsubscribes, skips internal requests', () => {
    const log: string[] = [];
    const queue = new RequestQueue(1_000, () => undefined);
    queue.sent({ kind: 'subscribe', settle: settle(log, 'a') });
    queue.sent({ kind: 'unsubscribe', settle: settle(log, 'b') });
    queue.sent({ kind: 'subscribe' });
    queue.connectionLost();
    expect(log).toEqual(['b:resolved']);
    const parked = queue.takeWaiting();
    expect(parked).toHaveLength(1);
    parked[0]?.resolve();
    expect(log).toEqual(['b:resolved', 'a:resolved']);
  });

  it('fails everything on close', () => {
    const log: string[] = [];
    const queue = new RequestQueue(1_000, () => undefined);
    queue.sent({ kind: 'subscribe', settle: settle(log, 'sent') });
    queue.waitForConnection(settle(log, 'parked'));
    queue.failAll(new Error('closed'));
    expect(log).toEqual(['sent:closed', 'parked:closed']);
  });
});
