import { WebSocket } from 'ws';

type Message = Record<string, unknown> & { type?: string };

/**
 * A WebSocket test client that records every message and lets a test wait for the next one
 * matching a predicate (with a generous guard timeout, never a timing assertion).
 */
export class TestFeedClient {
  readonly socket: WebSocket;
  readonly messages: Message[] = [];
  #cursor = 0;
  #waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Message);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  static connect(
    url: string,
    options: ConstructorParameters<typeof WebSocket>[2] = {},
  ): Promise<TestFeedClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      socket.once('open', () => resolve(new TestFeedClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits for the next not-yet-consumed message matching `predicate`, consuming up to it. */
  async next(predicate: (message: Message) => boolean = () => true, guardMs = 5000): Promise<Message> {
    const deadline = Date.now() + guardMs;
    for (;;) {
      while (this.#cursor < this.messages.length) {
        const message = this.messages[this.#cursor++] as Message;
        if (predicate(message)) return message;
      }
      if (this.socket.readyState === WebSocket.CLOSED)
        throw new Error('socket closed while waiting for a message');
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `no matching message within ${guardMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for a message of `type`. */
  nextOfType(type: string, guardMs?: number): Promise<Message> {
    return this.next((message) => message.type === type, guardMs);
  }

  close(): void {
    this.socket.terminate();
  }
}
