/**
 * The run's configuration as given (strategy, parameters, venue, products, period, balances, fees,
 * anything else), with anything that looks like a secret replaced before it is written.
 */
import { Decimal } from 'decimal.js';
import { formatTime } from '../format.js';
import { escapeHtml } from '../html.js';
import type { RunConfig } from '../run-result.js';
import { scrubSecrets } from '../scrub-secrets.js';

const LABELS: Record<string, string> = {
  strategy: 'Strategy',
  parameters: 'Parameters',
  venue: 'Venue',
  products: 'Products',
  from: 'From',
  to: 'To',
  startBalances: 'Start balances',
  fees: 'Fees (maker / taker)',
  slippageBps: 'Slippage (bps)',
  latencyMs: 'Latency (ms)',
  seed: 'Seed',
};

/** The configuration section. */
export function configSection(config: RunConfig): string {
  const scrubbed = scrubSecrets(config) as Record<string, unknown>;
  const order = [...Object.keys(LABELS), ...Object.keys(scrubbed).filter((key) => !(key in LABELS))];
  const entries = order
    .filter((key) => scrubbed[key] !== undefined)
    .map(
      (key) =>
        `<dt>${escapeHtml(LABELS[key] ?? key)}</dt><dd data-config="${escapeHtml(key)}">${escapeHtml(describe(key, scrubbed[key]))}</dd>`,
    );
  return `<section id="configuration"><h2>Configuration</h2><dl class="config">${entries.join('')}</dl></section>`;
}

function describe(key: string, value: unknown): string {
  if ((key === 'from' || key === 'to') && typeof value === 'string') return formatTime(value);
  if (key === 'fees' && typeof value === 'object' && value !== null) {
    const fees = value as Record<string, unknown>;
    if (typeof fees.maker === 'string' && typeof fees.taker === 'string') {
      return `${percent(fees.maker)} / ${percent(fees.taker)}`;
    }
  }
  if (Array.isArray(value)) return value.map((item) => describe('', item)).join(', ');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0
      ? '(none)'
      : entries.map(([name, item]) => `${name}=${describe(name, item)}`).join('  ');
  }
  return String(value);
}

function percent(fraction: string): string {
  try {
    return `${new Decimal(fraction).times(100).toFixed()}%`;
  } catch {
    return fraction;
  }
}
