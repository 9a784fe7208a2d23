import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productId, type Signal } from '@tradeloop/strategy-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotEvent } from '../bot-events.js';
import { ConfigError } from '../config-error.js';
import marketMaker from '../strategies/market-maker.js';
import signalFollower from '../strategies/signal-follower.js';
import { openSignalSource } from './signal-intake.js';
import type { SignalsConfig } from './signals-config.js';

const secret = 'bot-intake-secret-0123456789';
let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'bot-signal-intake-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const config = (overrides: Partial<SignalsConfig> = {}): SignalsConfig => ({
  host: '127.0.0.1',
  port: 0,
  secret,
  tls: undefined,
  insecure: false,
  storePath: undefined,
  ...overrides,
});

describe('openSignalSource', () => {
  it('opens nothing without --signals-listen, and refuses a strategy without onSignal', async () => {
    expect(await openSignalSource(undefined, marketMaker, () => {})).toBeUndefined();
    await expect(openSignalSource(config(), marketMaker, () => {})).rejects.toThrow(ConfigError);
    await expect(openSignalSource(config(), marketMaker, () => {})).rejects.toThrow(
      /has no onSignal handler/,
    );
  });

  it('says which TLS file it could not read', async () => {
    const missing = config({
      tls: { certPath: join(directory, 'nope.pem'), keyPath: join(directory, 'nope.key') },
    });
    await expect(openSignalSource(missing, signalFollower, () => {})).rejects.toThrow(/--signals-tls-cert/);
  });

  it('serves HTTPS from the PEM files of --signals-tls-cert/--signals-tls-key and reports where it listens', async () => {
    const keyPath = join(directory, 'key.pem');
    const certPath = join(directory, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const events: BotEvent[] = [];
    const source = await openSignalSource(config({ tls: { certPath, keyPath } }), signalFollower, (event) =>
      events.push(event),
    );
    const received: Signal[] = [];
    await source!.start({ productIds: [productId('BTC-USD')], submit: (signal) => received.push(signal) });
    try {
      const url = source!.url!;
      expect(events).toEqual([{ type: 'signals-listening', url }]);
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/signals$/);
      const body = JSON.stringify({
        secret,
        timestamp: new Date().toISOString(),
        ticker: 'BTCUSD',
        action: 'close',
      });
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const outgoing = request(url, { method: 'POST', rejectUnauthorized: false }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      });
      expect(answer.status).toBe(202);
      expect(received.map((signal) => signal.action)).toEqual(['close']);
    } finally {
      await source!.stop();
    }
  });
});
