/**
 * What a live, paper or simulated run did: orders by outcome, fills, fees and PnL per quote currency, final
 * balances, reconnects and gaps; and the orders still working at the end.
 */
import { formatAmount, formatMoney, formatTime } from '../format.js';
import { escapeHtml } from '../html.js';
import type { LiveRunSummary, WorkingOrder } from '../run-result.js';

/** The live run's summary section. */
export function liveSummarySection(summary: LiveRunSummary): string {
  const counts: Array<[string, string, number]> = [
    ['ordersPlaced', 'Orders placed', summary.ordersPlaced],
    ['ordersFilled', 'Orders filled', summary.ordersFilled],
    ['ordersCanceled', 'Orders canceled', summary.ordersCanceled],
    ['ordersRejected', 'Orders rejected', summary.ordersRejected],
    ['fills', 'Fills', summary.fills],
    ['reconnects', 'Feed reconnects', summary.reconnects],
    ['gaps', 'Feed gaps', summary.gaps],
  ];
  const countRows = counts.map(
    ([key, label, value]) =>
      `<tr><td class="text">${label}</td><td data-summary="${key}" data-value="${value}">${value}</td></tr>`,
  );
  const currencies = [
    ...new Set([
      ...Object.keys(summary.fees),
      ...Object.keys(summary.realizedPnl),
      ...Object.keys(summary.unrealizedPnl),
    ]),
  ];
  const moneyRows = currencies.map((currency) => {
    const cell = (record: Record<string, string>, key: string) => {
      const value = record[currency];
      return `<td data-summary="${escapeHtml(`${key}.${currency}`)}" data-value="${escapeHtml(value ?? '')}">${
        value === undefined ? '' : escapeHtml(formatMoney(value, currency))
      }</td>`;
    };
    return `<tr><td class="text">${escapeHtml(currency)}</td>${cell(summary.realizedPnl, 'realizedPnl')}${cell(
      summary.unrealizedPnl,
      'unrealizedPnl',
    )}${cell(summary.fees, 'fees')}</tr>`;
  });
  const balanceRows = Object.entries(summary.finalBalances).map(
    ([currency, balance]) =>
      `<tr><td class="text">${escapeHtml(currency)}</td><td data-summary="${escapeHtml(`finalBalances.${currency}`)}" data-value="${escapeHtml(
        balance,
      )}">${escapeHtml(formatMoney(balance, currency))}</td></tr>`,
  );
  const stop =
    summary.stopReason === undefined ? '' : `<p class="note">Stopped: ${escapeHtml(summary.stopReason)}</p>`;
  return `<div class="columns" id="live-summary"><section><h2>Run summary</h2><table><tbody>${countRows.join(
    '',
  )}</tbody></table>${stop}</section><section><h2>PnL and balances</h2><table><thead><tr><th class="text">Quote</th><th>Realized PnL</th><th>Unrealized PnL</th><th>Fees</th></tr></thead><tbody>${moneyRows.join(
    '',
  )}</tbody></table><table style="margin-top:12px"><thead><tr><th class="text">Currency</th><th>Final balance</th></tr></thead><tbody>${balanceRows.join(
    '',
  )}</tbody></table></section></div>`;
}

/** The orders still working when the run ended. */
export function workingOrdersSection(orders: readonly WorkingOrder[]): string {
  if (orders.length === 0) return '';
  const rows = orders.map(
    (order) =>
      `<tr><td class="text">${escapeHtml(formatTime(order.time))}</td><td class="text">${escapeHtml(order.productId)}</td><td class="text ${
        order.side
      }">${order.side}</td><td class="text">${escapeHtml(order.type)}</td><td>${
        order.price === undefined ? '' : escapeHtml(formatAmount(order.price))
      }</td><td>${escapeHtml(formatAmount(order.size))}</td><td class="text">${escapeHtml(order.status)}</td><td class="text">${escapeHtml(
        order.clientOrderId,
      )}</td></tr>`,
  );
  return `<section id="working-orders"><h2>Working orders at the end</h2><div class="table-wrap"><table><thead><tr><th class="text">Placed</th><th class="text">Product</th><th class="text">Side</th><th class="text">Type</th><th>Price</th><th>Size</th><th class="text">Status</th><th class="text">Client order id</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div><p class="note">Drawn as dashed lines on the price charts.</p></section>`;
}
