/**
 * A Chrome DevTools Protocol session with another Node process's inspector (`node --inspect`):
 * just enough to force a full GC and read the heap in use, and to write heap snapshots. The heap
 * is measured in the bot's own process, after `HeapProfiler.collectGarbage`, because resident
 * memory alone misleads (V8 grows and keeps it lazily).
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import WebSocket from 'ws';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** An open inspector session. */
export class InspectorSession {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, (params: unknown) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: unknown;
      };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(`inspector: ${message.error.message}`));
        else pending?.resolve(message.result);
      } else if (message.method !== undefined) {
        this.#listeners.get(message.method)?.(message.params);
      }
    });
    socket.on('close', () => {
      for (const pending of this.#pending.values()) pending.reject(new Error('inspector: session closed'));
      this.#pending.clear();
    });
  }

  /** Connects to the `ws://…` URL a process prints as "Debugger listening on …". */
  static async connect(url: string): Promise<InspectorSession> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    await once(socket, 'open');
    return new InspectorSession(socket);
  }

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Bytes of JavaScript heap in use right after a forced full garbage collection. */
  async heapAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const usage = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usage.usedSize;
  }

  /** Writes a heap snapshot (after a forced GC) to `path`, in the `.heapsnapshot` format. */
  async writeHeapSnapshot(path: string): Promise<void> {
    const file = createWriteStream(path);
    this.#listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => {
      file.write((params as { chunk: string }).chunk);
    });
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    this.#listeners.delete('HeapProfiler.addHeapSnapshotChunk');
    file.end();
    await once(file, 'finish');
  }

  close(): void {
    this.#socket.close();
  }
}
