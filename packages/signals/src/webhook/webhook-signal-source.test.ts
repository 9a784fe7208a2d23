/**
 * The webhook intake over real loopback HTTP(S). The sink records what the runtime would receive
 * (the runtime side is tested in strategy-kit, the whole path in the example bot's end-to-end
 * test); time is a ManualClock, so windows and rate limits are exact.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@tradeloop/clock';
import { productId, type Signal, type SignalFate, type SignalSink } from '@tradeloop/strategy-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignalsConfigError } from '../errors.js';
import { signStandardWebhook } from './authenticate.js';
import { WebhookSignalSource, type WebhookSignalSourceOptions } from './webhook-signal-source.js';

const SECRET = 'test-secret-0123456789-abcdef';
const now = Date.UTC(2026, 0, 5, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let directory: string;
let sources: WebhookSignalSource[] = [];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'signals-webhook-'));
});
afterEach(async () => {
  for (const source of sources) await source.stop();
  sources = [];
  rmSync(directory, { recursive: true, force: true });
});

/** What the runtime would have received. */
class RecordingSink implements SignalSink {
  readonly productIds = [productId('BTC-USD'), productId('ETH-USD')];
  readonly signals: Signal[] = [];
  submit(signal: Signal): void {
    this.signals.push(signal);
  }
}

async function started(options: Partial<WebhookSignalSourceOptions> = {}, clock = new ManualClock(now)) {
  const source = new WebhookSignalSource({ secret: SECRET, port: 0, clock, ...options });
  const sink = new RecordingSink();
  await source.start(sink);
  sources.push(source);
  return { source, sink, clock, url: source.url as string };
}

interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown>;
  headers: Headers;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: response.status, text, json, headers: response.headers };
}

const post = (url: string, body: string | object, headers: Record<string, string> = {}) =>
  send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

function tally(statuses: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts;
}

const fate = (url: string, id: string, token = SECRET) =>
  send(`${url}/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } });

/** A TradingView-style body: the secret inside. */
const alert = (fields: Record<string, unknown> = {}) => ({
  secret: SECRET,
  timestamp: iso(now),
  ticker: 'BTCUSD',
  action: 'buy',
  size: '0.01',
  ...fields,
});

/** A Standard Webhooks request: the signature in the headers. */
function signed(body: string, id: string, timestampSeconds: number, secret = SECRET) {
  const timestamp = String(timestampSeconds);
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signStandardWebhook(secret, id, timestamp, body),
  };
}

describe('WebhookSignalSource: answers', () => {
  it('accepts a body-secret signal with 202, hands it over, tells its fate, and refuses its duplicate with 409', async () => {
    const { source, sink, url } = await started();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/signals$/);
    const accepted = await post(url, alert({ id: 'tv-1' }));
    expect(accepted.status).toBe(202);
    expect(accepted.json).toEqual({ id: 'tv-1', status: 'accepted' });
    expect(sink.signals).toHaveLength(1);
    expect(sink.signals[0]).toMatchObject({
      id: 'tv-1',
      productId: 'BTC-USD',
      action: 'buy',
      source: 'webhook',
    });
    expect(sink.signals[0]).not.toHaveProperty('secret');

    expect((await fate(url, 'tv-1')).json).toMatchObject({ id: 'tv-1', status: 'accepted' });
    const placed: SignalFate = {
      id: 'tv-1',
      status: 'placed',
      productId: 'BTC-USD',
      action: 'buy',
      source: 'webhook',
      receivedAt: now,
      updatedAt: now,
      orders: [{ clientOrderId: '00000000-0000-4000-8000-000000000001', status: 'open', filledSize: '0' }],
    };
    source.fateChanged(placed);
    const told = await fate(url, 'tv-1');
    expect(told.status).toBe(200);
    expect(told.json).toMatchObject({ id: 'tv-1', status: 'placed', orders: placed.orders });
    source.fateChanged({
      ...placed,
      status: 'denied',
      orders: [],
      reason: 'max_order_notional',
      message: 'too big',
    });
    expect((await fate(url, 'tv-1')).json).toMatchObject({ status: 'denied', reason: 'max_order_notional' });

    const again = await post(url, alert({ id: 'tv-1' }));
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ id: 'tv-1', duplicate: true });
    expect(sink.signals).toHaveLength(1);
  });

  it('accepts a Standard Webhooks signature (any of several), refuses a bad or partial one with 401', async () => {
    const { sink, url, clock } = await started();
    const body = JSON.stringify({ timestamp: iso(now), product_id: 'ETH-USD', action: 'sell', size: '0.5' });
    const seconds = clock.now() / 1000;
    const good = signed(body, 'msg_1', seconds);
    expect((await post(url, body, good)).json).toEqual({ id: 'msg_1', status: 'accepted' });
    expect(sink.signals[0]).toMatchObject({ id: 'msg_1', productId: 'ETH-USD', action: 'sell' });

    // Several signatures (a key rotation): one valid is enough.
    const rotated = signed(body, 'msg_2', seconds);
    const other = signed(body, 'msg_2', seconds, 'an-old-secret-0123456789')['webhook-signature'];
    expect(
      (
        await post(url, body, {
          ...rotated,
          'webhook-signature': `v2,abc ${other} ${rotated['webhook-signature']}`,
        })
      ).status,
    ).toBe(202);

    const forged = signed(body, 'msg_3', seconds, 'not-the-secret-0123456789');
    const refused = await post(url, body, forged);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: 'unauthorized' });
    // The signature covers the body: the same headers over another body fail.
    expect((await post(url, body.replace('0.5', '5'), signed(body, 'msg_4', seconds))).status).toBe(401);
    expect(
      (await post(url, body, { 'webhook-id': 'msg_5', 'webhook-signature': good['webhook-signature'] }))
        .status,
    ).toBe(401);
    expect(sink.signals.map((signal) => signal.id)).toEqual(['msg_1', 'msg_2']);
  });

  it('refuses a missing or wrong secret with 401, and no answer echoes the secret', async () => {
    const { sink, url } = await started();
    const answers = [
      await post(url, alert({ secret: undefined })),
      await post(url, alert({ secret: 'wrong' })),
      await post(url, alert({ secret: `${SECRET}x` })),
      await post(url, alert({ size: SECRET })),
      await post(url, alert({ ticker: SECRET })),
      await post(url, alert({ id: `${SECRET}!` })),
      await fate(url, 'x', 'wrong'),
      await fate(url, 'x', `${SECRET}x`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 400, 400, 400, 401, 401]);
    for (const answer of answers) expect(answer.text).not.toContain(SECRET);
    expect(answers[3]?.json).toMatchObject({ error: 'invalid_signal', field: 'size' });
    expect(sink.signals).toEqual([]);
  });

  it('refuses a timestamp outside the window with 401, in both modes', async () => {
    const { sink, url, clock } = await started({ timestampToleranceMs: 60_000 });
    expect((await post(url, alert({ id: 'edge', timestamp: iso(now - 60_000) }))).status).toBe(202);
    const stale = await post(url, alert({ id: 'stale', timestamp: iso(now - 61_000) }));
    expect(stale.status).toBe(401);
    expect(stale.json).toMatchObject({ error: 'timestamp_outside_window' });
    expect(String(stale.json.message)).toContain('61 s old');
    expect((await post(url, alert({ id: 'future', timestamp: iso(now + 61_000) }))).status).toBe(401);
    const body = JSON.stringify({ product_id: 'BTC-USD', action: 'close' });
    expect((await post(url, body, signed(body, 'old', clock.now() / 1000 - 120))).status).toBe(401);
    clock.advanceBy(120_000);
    // The same request later: still too old (the clock moved, the timestamp did not).
    expect((await post(url, alert({ id: 'late', timestamp: iso(now) }))).status).toBe(401);
    expect(sink.signals.map((signal) => signal.id)).toEqual(['edge']);
  });

  it('refuses malformed bodies with 400 naming the first bad field', async () => {
    const { sink, url } = await started();
    const notJson = await post(url, '{"secret": "x", "action": buy}');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ error: 'invalid_signal', field: 'body' });
    const badSize = await post(url, alert({ size: '-1', price: 'abc' }));
    expect(badSize.json).toEqual({
      error: 'invalid_signal',
      field: 'size',
      message: 'size: expected a positive decimal such as 0.01, received "-1"',
    });
    expect((await post(url, alert({ action: 'hodl' }))).json).toMatchObject({ field: 'action' });
    expect((await post(url, alert({ ticker: undefined }))).json).toMatchObject({ field: 'product_id' });
    expect((await post(url, alert({ timestamp: 'now' }))).json).toMatchObject({ field: 'timestamp' });
    expect((await post(url, alert({ type: 'limit' }))).json).toMatchObject({ field: 'price' });
    expect(sink.signals).toEqual([]);
  });

  it('refuses oversized bodies with 413, declared or streamed, and keeps serving', async () => {
    const { sink, url } = await started({ maxBodyBytes: 1024 });
    const big = JSON.stringify(alert({ padding: 'x'.repeat(5000) }));
    const declared = await post(url, big);
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ error: 'too_large' });
    // Streamed in chunks without a length: cut off when it passes the limit.
    const stream = new ReadableStream({
      start(controller) {
        for (let index = 0; index < 8; index += 1)
          controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
        controller.close();
      },
    });
    const streamed = await send(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(url, alert({ id: 'after' }))).status).toBe(202);
    expect(sink.signals.map((signal) => signal.id)).toEqual(['after']);
  });

  it('answers 429 over the per-minute limit, with Retry-After, and lets requests through a minute later', async () => {
    const { sink, url, clock } = await started({ maxRequestsPerMinute: 3 });
    const statuses = [];
    for (let index = 0; index < 5; index += 1)
      statuses.push((await post(url, alert({ id: `r-${index}` }))).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const limited = await post(url, alert({ id: 'r-5' }));
    expect(limited.headers.get('retry-after')).toBe('60');
    clock.advanceBy(30_000);
    expect((await post(url, alert({ id: 'r-6', timestamp: iso(clock.now()) }))).status).toBe(429);
    clock.advanceBy(30_001);
    expect((await post(url, alert({ id: 'r-7', timestamp: iso(clock.now()) }))).status).toBe(202);
    expect(sink.signals.map((signal) => signal.id)).toEqual(['r-0', 'r-1', 'r-2', 'r-7']);
  });

  it('answers 404 and 405 for other paths and methods', async () => {
    const { url } = await started();
    expect((await send(url, { method: 'GET' })).status).toBe(405);
    expect((await send(url.replace('/signals', '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fate(url, 'never-sent')).status).toBe(404);
  });
});

describe('WebhookSignalSource: restarts, floods, slow clients', () => {
  it('remembers accepted ids and fates across a restart (fsynced file store)', async () => {
    const storePath = join(directory, 'signals.jsonl');
    const first = await started({ storePath });
    expect((await post(first.url, alert({ id: 'once' }))).status).toBe(202);
    first.source.fateChanged({
      id: 'once',
      status: 'filled',
      productId: 'BTC-USD',
      action: 'buy',
      source: 'webhook',
      receivedAt: now,
      updatedAt: now,
      orders: [
        { clientOrderId: '00000000-0000-4000-8000-000000000009', status: 'filled', filledSize: '0.01' },
      ],
    });
    await first.source.stop();
    // A crash mid-write leaves a torn last line: it is skipped.
    writeFileSync(storePath, `${readFileSync(storePath, 'utf8')}{"id":"torn","rece`);

    const second = await started({ storePath });
    const replay = await post(second.url, alert({ id: 'once' }));
    expect(replay.status).toBe(409);
    expect(replay.json).toEqual({ id: 'once', duplicate: true });
    expect(second.sink.signals).toEqual([]);
    expect((await fate(second.url, 'once')).json).toMatchObject({
      status: 'filled',
      orders: [{ filledSize: '0.01' }],
    });
    // A signal derived from content (no id) is a duplicate too when TradingView delivers it again.
    const tradingView = alert({ timestamp: iso(now) });
    expect((await post(second.url, tradingView)).status).toBe(202);
    await second.source.stop();
    const third = await started({ storePath });
    expect((await post(third.url, tradingView)).status).toBe(409);
  });

  it('survives a flood: every request answered, never more accepted than the limit, still serving after', async () => {
    const { sink, url } = await started({ maxRequestsPerMinute: 50, maxConnections: 512 });
    const flood = (target: string, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, index) =>
          post(
            target,
            index % 3 === 0 ? alert({ id: `f-${index}` }) : alert({ secret: 'wrong', id: `f-${index}` }),
          ).then(
            (answer) => answer.status,
            () => 0, // the connection was dropped (over maxConnections)
          ),
        ),
      );
    const counts = tally(await flood(url, 300));
    expect(counts.get(429)).toBe(250);
    expect((counts.get(202) ?? 0) + (counts.get(401) ?? 0)).toBe(50);
    expect(sink.signals.length).toBe(counts.get(202));
    expect((await fate(url, sink.signals[0]?.id ?? 'none')).status).toBe(200);

    // Connections beyond maxConnections are dropped at once, without a crash: 8 slow clients hold
    // every slot, so the next requests are turned away; once they time out, service resumes.
    const narrow = await started({ maxConnections: 8, headersTimeoutMs: 400 });
    const port = Number(new URL(narrow.url).port);
    const holders = Array.from({ length: 8 }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.resume(); // read what the server answers (a 408), so that its close is seen
      socket.write('POST /signals HTTP/1.1\r\nHost: x\r\n');
      return new Promise<void>((resolve) => socket.on('close', () => resolve()));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(tally(await flood(narrow.url, 20)).get(0)).toBe(20);
    await Promise.all(holders);
    expect((await post(narrow.url, alert({ id: 'after-flood' }))).status).toBe(202);
    expect(narrow.sink.signals.map((signal) => signal.id)).toEqual(['after-flood']);
  }, 20_000);

  it('drops a slow client that never finishes its headers or its body, and keeps serving others', async () => {
    const { sink, url } = await started({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const failures: unknown[] = [];
    sources[0]?.on('source-failed', (failure) => failures.push(failure));
    const { port } = new URL(url);
    const slowHeaders = connect(Number(port), '127.0.0.1');
    slowHeaders.write('POST /signals HTTP/1.1\r\nHost: x\r\n');
    const slowBody = connect(Number(port), '127.0.0.1');
    slowBody.write(
      'POST /signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"se',
    );
    const closedWith = (socket: typeof slowHeaders) =>
      new Promise<string>((resolve) => {
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => {
          received += chunk;
        });
        socket.on('close', () => resolve(received));
        socket.on('error', () => {});
      });
    const headersClosed = closedWith(slowHeaders);
    const bodyClosed = closedWith(slowBody);
    // Others are served while the slow ones hang.
    expect((await post(url, alert({ id: 'meanwhile' }))).status).toBe(202);
    expect(await headersClosed).toMatch(/^HTTP\/1\.1 408/);
    expect(await bodyClosed).toMatch(/^HTTP\/1\.1 408/);
    // A client that hangs up mid-body: refused quietly, not a failure of the intake.
    const quitter = connect(Number(port), '127.0.0.1');
    quitter.write('POST /signals HTTP/1.1\r\nHost: x\r\nContent-Length: 300\r\n\r\n{"secret":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    quitter.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await post(url, alert({ id: 'after' }))).status).toBe(202);
    expect(sink.signals.map((signal) => signal.id)).toEqual(['meanwhile', 'after']);
    expect(failures).toEqual([]);
  });
});

describe('WebhookSignalSource: where it listens', () => {
  it('refuses a short secret, and a non-loopback address without TLS or the insecure flag', () => {
    expect(() => new WebhookSignalSource({ secret: 'short' })).toThrow(SignalsConfigError);
    expect(() => new WebhookSignalSource({ secret: SECRET, host: '0.0.0.0' })).toThrow(/needs TLS/);
    expect(() => new WebhookSignalSource({ secret: SECRET, host: '0.0.0.0', insecure: true })).not.toThrow();
    expect(() => new WebhookSignalSource({ secret: SECRET, maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
  });

  it('serves HTTPS with a certificate and key', async () => {
    const key = join(directory, 'key.pem');
    const cert = join(directory, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=localhost',
    ], { stdio: 'ignore' }); // biome-ignore format: one command line
    const { sink, url } = await started({
      host: '0.0.0.0',
      tls: { cert: readFileSync(cert), key: readFileSync(key) },
    });
    expect(url).toMatch(/^https:\/\/0\.0\.0\.0:\d+\/signals$/);
    const body = JSON.stringify(alert({ id: 'tls-1' }));
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest(
        url.replace('0.0.0.0', '127.0.0.1'),
        { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(status).toBe(202);
    expect(sink.signals.map((signal) => signal.id)).toEqual(['tls-1']);
  });
});
