/**
 * Numbers as a trader reads them: fractions as percentages, money with its currency and thousands
 * separators, ratios to two places, durations in days/hours/minutes. Exact decimal arithmetic
 * (decimal.js); only the rounding for display is lossy, and it rounds half to even.
 */
import { Decimal } from 'decimal.js';
import { NUMERIC_METRICS, type RunMetrics } from './run-result.js';

/** Currencies shown to the cent; anything else (crypto) keeps up to 8 decimals. */
const FIAT = new Set(['USD', 'EUR', 'GBP', 'USDC', 'USDT', 'DAI', 'CAD', 'JPY', 'AUD', 'CHF', 'SGD']);

/** What is shown for a figure that does not exist (no losing trade, unknown in a live run). */
export const NOT_AVAILABLE = '—';

/** `"0.1234"` → `"12.34%"`. */
export function formatPercent(fraction: string): string {
  return `${groupThousands(new Decimal(fraction).times(100).toFixed(2, Decimal.ROUND_HALF_EVEN))}%`;
}

/** `"-1234.5", "USD"` → `"-1,234.50 USD"`; crypto amounts keep up to 8 decimals without trailing zeros. */
export function formatMoney(amount: string, currency: string | undefined): string {
  const value = new Decimal(amount);
  const text =
    currency !== undefined && FIAT.has(currency.toUpperCase())
      ? value.toFixed(2, Decimal.ROUND_HALF_EVEN)
      : value.toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN).toFixed();
  return currency === undefined ? groupThousands(text) : `${groupThousands(text)} ${currency}`;
}

/** A plain decimal to `places` places, grouped: `"1.23456"` → `"1.23"`. */
export function formatRatio(value: string, places = 2): string {
  return groupThousands(new Decimal(value).toFixed(places, Decimal.ROUND_HALF_EVEN));
}

/** A price or size as given, grouped, trailing zeros dropped: `"64321.10"` → `"64,321.1"`. */
export function formatAmount(value: string): string {
  return groupThousands(new Decimal(value).toFixed());
}

/** `93_784_000` → `"1d 2h 3m"`; under a minute in seconds; `0` → `"0s"`. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.round(milliseconds / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0 && days === 0) parts.push(`${minutes}m`);
  if (seconds > 0 && days === 0 && hours === 0) parts.push(`${seconds}s`);
  return parts.join(' ');
}

/** `"2025-01-01T13:45:00.000Z"` → `"2025-01-01 13:45:00 UTC"`. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** How each metric is shown. */
export type MetricStyle = 'percent' | 'money' | 'ratio' | 'count' | 'duration';

const METRIC_STYLES: Record<keyof RunMetrics, MetricStyle> = {
  totalReturn: 'percent',
  buyAndHoldReturn: 'percent',
  cagr: 'percent',
  maxDrawdown: 'money',
  maxDrawdownPercent: 'percent',
  maxDrawdownDurationMs: 'duration',
  sharpe: 'ratio',
  sortino: 'ratio',
  calmar: 'ratio',
  volatility: 'percent',
  winRate: 'percent',
  profitFactor: 'ratio',
  expectancy: 'money',
  trades: 'count',
  averageHoldingMs: 'duration',
  exposure: 'percent',
  feesPaid: 'money',
};

/** People's names for the metrics. */
export const METRIC_LABELS: Record<keyof RunMetrics, string> = {
  totalReturn: 'Total return',
  buyAndHoldReturn: 'Buy & hold return',
  cagr: 'CAGR',
  maxDrawdown: 'Max drawdown',
  maxDrawdownPercent: 'Max drawdown %',
  maxDrawdownDurationMs: 'Longest drawdown',
  sharpe: 'Sharpe ratio',
  sortino: 'Sortino ratio',
  calmar: 'Calmar ratio',
  volatility: 'Volatility (annualized)',
  winRate: 'Win rate',
  profitFactor: 'Profit factor',
  expectancy: 'Expectancy per trade',
  trades: 'Trades',
  averageHoldingMs: 'Average holding time',
  exposure: 'Time in market',
  feesPaid: 'Fees paid',
};

/**
 * One metric for people; `null` → {@link NOT_AVAILABLE}.
 *
 * @param currency - the quote currency money metrics are in.
 */
export function formatMetric(
  name: keyof RunMetrics,
  value: string | number | null,
  currency?: string,
): string {
  if (value === null) return NOT_AVAILABLE;
  if (NUMERIC_METRICS.has(name)) {
    return METRIC_STYLES[name] === 'duration' ? formatDuration(Number(value)) : groupThousands(String(value));
  }
  const text = String(value);
  switch (METRIC_STYLES[name]) {
    case 'percent':
      return formatPercent(text);
    case 'money':
      return formatMoney(text, currency);
    default:
      return formatRatio(text);
  }
}

/** `"-1234567.891"` → `"-1,234,567.891"`. */
export function groupThousands(text: string): string {
  const match = /^(-?)(\d+)(.*)$/.exec(text);
  if (match === null) return text;
  const [, sign, integer, rest] = match;
  return `${sign}${(integer as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${rest}`;
}

/** The quote currency of a product id such as `BTC-USD` (the part after the last dash). */
export function quoteCurrencyOf(productId: string): string | undefined {
  const dash = productId.lastIndexOf('-');
  return dash > 0 ? productId.slice(dash + 1) : undefined;
}
