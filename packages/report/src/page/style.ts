/** The report's stylesheet, inlined into the page: a dark theme in TradingView's colours. */
export const REPORT_STYLE = `
:root { color-scheme: dark; --bg: #0f121a; --panel: #131722; --border: #2a2e39; --text: #d1d4dc;
  --muted: #8a91a3; --up: #26a69a; --down: #ef5350; --accent: #2962ff; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 40px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header .subtitle { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  text-transform: uppercase; letter-spacing: .04em; vertical-align: middle; margin-left: 6px; }
.badge.backtest { background: #1e3a8a; } .badge.live { background: #7f1d1d; } .badge.paper { background: #14532d; } .badge.simulated { background: #334155; }
.badge.sweep { background: #5b21b6; }
section { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 16px;
  margin-top: 16px; }
section h2 { margin: 0 0 12px; font-size: 16px; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-top: 16px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.positive { color: var(--up); } .negative { color: var(--down); }
.chart { position: relative; height: 380px; }
.chart.equity { height: 440px; }
.chart-legend { position: absolute; left: 10px; top: 6px; z-index: 3; font-size: 12px; color: var(--text);
  pointer-events: none; font-variant-numeric: tabular-nums; }
.chart-tooltip { position: absolute; display: none; z-index: 4; pointer-events: none; max-width: 520px;
  background: rgba(19, 23, 34, .96); border: 1px solid var(--border); border-radius: 6px; padding: 6px 10px;
  font-size: 12px; white-space: nowrap; box-shadow: 0 4px 16px rgba(0,0,0,.5); }
.chart-tooltip .buy { color: var(--up); } .chart-tooltip .sell { color: var(--down); }
.chart-key { color: var(--muted); font-size: 12px; margin-top: 6px; }
.chart-key .buy { color: var(--up); } .chart-key .sell { color: var(--down); } .chart-key .hold { color: #b2b5be; }
.chart-key .equity { color: #5b8cff; }
.table-wrap { overflow: auto; max-height: 520px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
thead th { position: sticky; top: 0; background: var(--panel); color: var(--muted); font-weight: 600; font-size: 12px; }
th[data-sort] { cursor: pointer; user-select: none; }
th[data-sort]::after { content: " \\2195"; color: #4a5060; }
th[data-direction="ascending"]::after { content: " \\2191"; color: var(--text); }
th[data-direction="descending"]::after { content: " \\2193"; color: var(--text); }
td.buy { color: var(--up); } td.sell { color: var(--down); }
tbody tr:hover { background: #1a1f2c; }
dl.config { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.config dt { color: var(--muted); } dl.config dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
table.heatmap { width: auto; min-width: 50%; }
.heatmap td { text-align: center; color: #fff; font-weight: 600; min-width: 90px; }
.heatmap th { text-align: center; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; text-align: center; }
footer a { color: var(--muted); }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.columns > section { margin-top: 0; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
`;
