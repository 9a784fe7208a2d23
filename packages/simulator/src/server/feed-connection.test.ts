import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FeedConnection } from './feed-connection.js';
import type { FeedSocket } from './feed-socket.js';

// A stand-in socket: a slow consumer needs megabytes stuck in the kernel's loopback buffers,
// which a test cannot produce quickly or reliably, so `bufferedAmount` is set by hand here.
function fakeSocket(bufferedAmount: number) {
  const sent: unknown[] = [];
  const socket = {
    readyState: WebSocket.OPEN,
    bufferedAmount,
    send: (data: unknown) => sent.push(data),
  } as unknown as WebSocket;
  return { socket, sent };
}

describe('FeedConnection', () => {
  it('sends objects as JSON text and shared bytes as text frames', () => {
    const { socket, sent } = fakeSocket(0);
    const connection = new FeedConnection(socket, {
      id: '1',
      maxBufferedBytes: 1024,
      onSlowConsumer: () => {},
    });
    connection.send({ type: 'heartbeat' });
    connection.send(Buffer.from('{"type":"ticker"}'));
    expect(sent[0]).toBe('{"type":"heartbeat"}');
    expect(Buffer.isBuffer(sent[1])).toBe(true);
  });

  it('reports a slow consumer instead of buffering without bound', () => {
    const { socket, sent } = fakeSocket(2048);
    const slow: FeedSocket[] = [];
    const connection = new FeedConnection(socket, {
      id: '2',
      maxBufferedBytes: 1024,
      onSlowConsumer: (each) => slow.push(each),
    });
    connection.send({ type: 'heartbeat' });
    expect(sent).toEqual([]);
    expect(slow).toEqual([connection]);
  });
});
