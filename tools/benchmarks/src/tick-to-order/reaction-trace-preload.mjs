// Loaded into each tick-to-order client process (`NODE_OPTIONS=--import <this file>`) when the
// suite runs with BENCH_TICK_TO_ORDER_TRACE: marks, on the machine-wide monotonic clock
// (`process.hrtime`, the same in every process), when a socket of this process reads a chunk that
// holds a `match` frame, when a `POST /orders` starts and ends its socket write, and what the
// client's own code marks through `globalThis.tickToOrderMark(name)`. Written to
// TICK_TO_ORDER_TRACE_FILE when the process exits. A diagnosis: it wraps two socket methods and
// `Readable.push`, so the traced run is not the measured one.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { Readable } from 'node:stream';

const file = process.env.TICK_TO_ORDER_TRACE_FILE;
if (file) {
  const marks = [];
  const mark = (name) => marks.push(`${name} ${process.hrtime.bigint()}`);
  globalThis.tickToOrderMark = mark;
  const startsOrderPost = (chunk) =>
    (typeof chunk === 'string'
      ? chunk
      : Buffer.isBuffer(chunk)
        ? chunk.toString('latin1', 0, 12)
        : ''
    ).startsWith('POST /orders');
  const socket = net.Socket.prototype;
  const write = socket.write;
  socket.write = function (...args) {
    if (!startsOrderPost(args[0])) return write.apply(this, args);
    mark('write-start');
    const result = write.apply(this, args);
    mark('write-end');
    return result;
  };
  const writev = socket._writev;
  socket._writev = function (chunks, callback) {
    if (!startsOrderPost(chunks[0]?.chunk)) return writev.call(this, chunks, callback);
    mark('write-start');
    const result = writev.call(this, chunks, callback);
    mark('write-end');
    return result;
  };
  const push = Readable.prototype.push;
  Readable.prototype.push = function (chunk, encoding) {
    if (this instanceof net.Socket && Buffer.isBuffer(chunk) && chunk.includes('"match"')) mark('frame-read');
    return push.call(this, chunk, encoding);
  };
  process.on('exit', () => writeFileSync(file, marks.join('\n')));
}
