/**
 * The summary printed at exit: what the run did, in a dozen lines a person reads at a glance
 * (orders by outcome, fills, fees and PnL per quote currency, final balances, feed trouble) and
 * where the summary and report files were written. The same numbers as the summary file.
 */
import { Decimal } from 'decimal.js';
import { formatDuration } from './duration.js';
import type { RunSummary } from './summary.js';

/** Files the run wrote, shown at the end of the summary. */
export interface WrittenFiles {
  summaryJson?: string | undefined;
  report?: string | undefined;
}

/** Currencies shown to the cent; others (crypto) to 8 decimals at most. */
const FIAT = new Set(['USD', 'EUR', 'GBP', 'USDC', 'USDT', 'DAI']);
const LABEL_WIDTH = 12;

/** The summary as lines (no trailing newlines). */
export function terminalSummaryLines(summary: RunSummary, files: WrittenFiles = {}): string[] {
  const runtime = Date.parse(summary.endedAt) - Date.parse(summary.startedAt);
  const orders = summary.orders;
  const fees = Object.entries(summary.pnl).map(([currency, pnl]) => money(pnl.fees, currency));
  const lines = [
    `── run summary ${'─'.repeat(56)}`,
    row(
      'stopped',
      `${summary.stopReason} after ${formatDuration(runtime)} · ${summary.strategy} on ${summary.products.join(', ')}`,
    ),
    row(
      'orders',
      `${orders.placed.length} placed · ${orders.filled.length} filled · ${orders.canceled.length} canceled · ${orders.rejected.length} rejected · ${orders.openAtExit.length} open at exit`,
    ),
    row('fills', `${summary.fills.length}${fees.length === 0 ? '' : ` · fees ${fees.join(', ')}`}`),
  ];
  for (const [currency, pnl] of Object.entries(summary.pnl)) {
    lines.push(
      row(
        `pnl ${currency}`,
        `realized ${signedMoney(pnl.realized, currency)} · unrealized ${signedMoney(pnl.unrealized, currency)} · fees ${money(
          pnl.fees,
          currency,
        )} · net ${signedMoney(pnl.total, currency)}`,
      ),
    );
  }
  const balances = Object.entries(summary.balances)
    .filter(([, balance]) => !new Decimal(balance.balance).isZero() || !new Decimal(balance.hold).isZero())
    .map(([currency, balance]) => {
      const hold = new Decimal(balance.hold).isZero() ? '' : ` (hold ${amount(balance.hold, currency)})`;
      return `${money(balance.balance, currency)}${hold}`;
    });
  lines.push(row('balances', balances.length === 0 ? 'none read' : balances.join(' · ')));
  lines.push(
    row(
      'feed',
      `${summary.reconnects} reconnect(s) · ${summary.totals.gaps} gap(s)${
        summary.totals.errors + summary.totals.riskDenials === 0
          ? ''
          : ` · ${summary.totals.errors} error(s) · ${summary.totals.riskDenials} risk denial(s)`
      }`,
    ),
  );
  lines.push(row('summary', files.summaryJson ?? 'not written (add --summary-json <file>)'));
  lines.push(row('report', files.report ?? 'not written (add --report <file.html>)'));
  return lines;
}

/** The summary's key numbers as one object, for `--log-format json`. */
export function terminalSummaryData(summary: RunSummary, files: WrittenFiles = {}): Record<string, unknown> {
  return {
    stopReason: summary.stopReason,
    orders: {
      placed: summary.orders.placed.length,
      filled: summary.orders.filled.length,
      canceled: summary.orders.canceled.length,
      rejected: summary.orders.rejected.length,
      openAtExit: summary.orders.openAtExit.length,
    },
    fills: summary.fills.length,
    pnl: summary.pnl,
    balances: Object.fromEntries(
      Object.entries(summary.balances).map(([currency, balance]) => [currency, balance.balance]),
    ),
    reconnects: summary.reconnects,
    gaps: summary.totals.gaps,
    summaryPath: files.summaryJson,
    reportPath: files.report,
  };
}

function row(label: string, text: string): string {
  return `${label.padEnd(LABEL_WIDTH)}${text}`;
}

function amount(value: string, currency: string): string {
  const decimal = new Decimal(value);
  const text = FIAT.has(currency)
    ? decimal.toFixed(2, Decimal.ROUND_HALF_EVEN)
    : decimal.toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN).toFixed();
  return text.replace(/^(-?\d+)/, (integer) => integer.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

function money(value: string, currency: string): string {
  return `${amount(value, currency)} ${currency}`;
}

function signedMoney(value: string, currency: string): string {
  const text = money(value, currency);
  return text.startsWith('-') ? text : `+${text}`;
}
