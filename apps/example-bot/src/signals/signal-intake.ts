/**
 * The bot's webhook intake: builds the @tradeloop/signals source from the configuration and
 * translates what it and the runtime say about signals into bot events (the URL it listens on,
 * each signal's fate, each refused request).
 */
import { readFile } from 'node:fs/promises';
import { WebhookSignalSource } from '@tradeloop/signals';
import type { AnyStrategy, Runtime, SignalFate } from '@tradeloop/strategy-kit';
import type { EmitBotEvent } from '../activity-reporter.js';
import type { SignalDescription } from '../bot-events.js';
import { ConfigError } from '../config-error.js';
import type { SignalsConfig } from './signals-config.js';

/**
 * The intake for the runtime's `signalSources`, or none without `--signals-listen`.
 *
 * @throws {ConfigError} when the strategy cannot take signals, or the TLS files cannot be read.
 */
export async function openSignalSource(
  config: SignalsConfig | undefined,
  strategy: AnyStrategy,
  emit: EmitBotEvent,
): Promise<WebhookSignalSource | undefined> {
  if (config === undefined) return undefined;
  if (strategy.onSignal === undefined)
    throw new ConfigError(
      `The ${strategy.name} strategy has no onSignal handler, so it cannot take the signals of --signals-listen; run --strategy signal-follower (or a strategy with onSignal), or drop --signals-listen.`,
    );
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (config.tls !== undefined) {
    try {
      tls = { cert: await readFile(config.tls.certPath), key: await readFile(config.tls.keyPath) };
    } catch (error) {
      throw new ConfigError(
        `The signals TLS certificate or key could not be read (${(error as Error).message}); check --signals-tls-cert and --signals-tls-key.`,
        { cause: error },
      );
    }
  }
  const source = new WebhookSignalSource({
    secret: config.secret,
    host: config.host,
    port: config.port,
    insecure: config.insecure,
    ...(tls === undefined ? {} : { tls }),
    ...(config.storePath === undefined ? {} : { storePath: config.storePath }),
  });
  source.on('source-started', ({ url }) => emit({ type: 'signals-listening', url }));
  source.on('request-refused', ({ status, error, field }) =>
    emit({ type: 'signal-refused', status, error, field }),
  );
  source.on('source-failed', ({ error, context }) =>
    emit({
      type: 'error-reported',
      source: `signals intake: ${context}`,
      code: (error as { code?: string }).code,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
  return source;
}

/** Reports every change of a signal's fate as a `signal-updated` bot event. */
export function reportSignals(runtime: Runtime, emit: EmitBotEvent): void {
  runtime.on('signal-updated', (fate) => emit({ type: 'signal-updated', signal: describeSignal(fate) }));
}

function describeSignal(fate: SignalFate): SignalDescription {
  return {
    id: fate.id,
    status: fate.status,
    productId: fate.productId,
    action: fate.action,
    receivedAt: new Date(fate.receivedAt).toISOString(),
    orders: fate.orders.map((order) => ({ ...order })),
    ...(fate.reason === undefined ? {} : { reason: fate.reason }),
    ...(fate.message === undefined ? {} : { message: fate.message }),
  };
}
