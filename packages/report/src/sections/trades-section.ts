/**
 * The trades table: every fill with its fee and realized PnL, sortable by any column (the page's
 * script sorts on each cell's `data-value`). Very long runs show the first rows and say so.
 */
import { formatAmount, formatMoney, formatTime, quoteCurrencyOf } from '../format.js';
import { escapeHtml } from '../html.js';
import type { RunTrade } from '../run-result.js';

/** Most trade rows written into the page. */
export const MAX_TRADE_ROWS = 2000;

/** The trades section. */
export function tradesSection(trades: readonly RunTrade[]): string {
  if (trades.length === 0)
    return '<section id="trades"><h2>Trades</h2><p class="note">No fills in this run.</p></section>';
  const shown = trades.slice(0, MAX_TRADE_ROWS);
  const rows = shown.map((trade) => {
    const quote = quoteCurrencyOf(trade.productId);
    const pnlClass = trade.pnl === undefined ? '' : trade.pnl.startsWith('-') ? 'negative' : 'positive';
    return `<tr><td class="text" data-value="${escapeHtml(trade.time)}">${escapeHtml(formatTime(trade.time))}</td><td class="text">${escapeHtml(
      trade.productId,
    )}</td><td class="text ${trade.side}">${trade.side}</td><td data-value="${escapeHtml(trade.price)}">${escapeHtml(
      formatAmount(trade.price),
    )}</td><td data-value="${escapeHtml(trade.size)}">${escapeHtml(formatAmount(trade.size))}</td><td data-value="${escapeHtml(
      trade.fee,
    )}">${escapeHtml(formatMoney(trade.fee, quote))}</td><td class="text">${trade.liquidity}</td><td class="${pnlClass}" data-value="${escapeHtml(
      trade.pnl ?? '',
    )}">${trade.pnl === undefined ? '' : escapeHtml(formatMoney(trade.pnl, quote))}</td><td class="text">${escapeHtml(
      trade.clientOrderId,
    )}</td></tr>`;
  });
  const note =
    trades.length > shown.length
      ? `<p class="note">Showing the first ${shown.length.toLocaleString('en-US')} of ${trades.length.toLocaleString(
          'en-US',
        )} fills; the result JSON has them all.</p>`
      : `<p class="note">${trades.length} fill(s). Click a column to sort.</p>`;
  return `<section id="trades"><h2>Trades</h2><div class="table-wrap"><table class="sortable trades"><thead><tr><th class="text" data-sort="text">Time</th><th class="text" data-sort="text">Product</th><th class="text" data-sort="text">Side</th><th data-sort="number">Price</th><th data-sort="number">Size</th><th data-sort="number">Fee</th><th class="text" data-sort="text">Liquidity</th><th data-sort="number">PnL</th><th class="text" data-sort="text">Client order id</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>${note}</section>`;
}
