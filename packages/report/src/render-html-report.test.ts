import { describe, expect, it } from 'vitest';
import { backtestFixture, liveFixture, randomCandles } from './__fixtures__/run-results.js';
import { renderHtmlReport } from './render-html-report.js';
import type { RunResult } from './run-result.js';
import { RunResultError } from './run-result-error.js';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

/** The backtest fixture with a hostile product id and strategy name everywhere they appear. */
function hostileResult(): RunResult {
  const result = backtestFixture();
  const rename = (productId: string) => (productId === 'ETH-USD' ? `${HOSTILE}-USD` : productId);
  return {
    ...result,
    config: {
      ...result.config,
      strategy: HOSTILE,
      products: result.config.products.map(rename),
      note: HOSTILE,
    },
    trades: result.trades.map((trade) => ({
      ...trade,
      productId: rename(trade.productId),
      clientOrderId: HOSTILE,
    })),
    prices: Object.fromEntries(
      Object.entries(result.prices).map(([productId, candles]) => [rename(productId), candles]),
    ),
    metrics: {
      overall: result.metrics.overall,
      perProduct: Object.fromEntries(
        Object.entries(result.metrics.perProduct).map(([productId, metrics]) => [rename(productId), metrics]),
      ),
    },
  };
}

describe('renderHtmlReport', () => {
  it('escapes every string from the result: no element or script can be injected', () => {
    const html = renderHtmlReport(hostileResult());
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // Exactly the three script elements the report itself writes.
    expect(html.match(/<script[\s>]/g)).toHaveLength(3);
  });

  it('is self-contained: nothing is loaded from a network, and Lightweight Charts keeps its licence notice', () => {
    const html = renderHtmlReport(backtestFixture());
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('TradingView Lightweight Charts™ v5.3.0');
    expect(html).toContain('Licensed under Apache License 2.0');
    expect(html).toContain('https://www.tradingview.com/lightweight-charts/');
  });

  it('never shows a secret from the configuration', () => {
    const result = liveFixture();
    const secret = 'c3VwZXItc2VjcmV0LWFwaS1zZWNyZXQtdmFsdWUtMTIzNDU2Nzg5MA==';
    const html = renderHtmlReport({
      ...result,
      config: {
        ...result.config,
        apiSecret: 'hunter2-passphrase',
        extra: { signingKey: secret },
        label: secret,
      },
    });
    expect(html).not.toContain('hunter2');
    expect(html).not.toContain(secret);
    expect(html).toContain('[redacted]');
  });

  it('stays small for long runs: candles and lines are thinned', () => {
    const result = backtestFixture();
    const start = Date.parse(result.equity[0]?.time ?? '');
    const candles = randomCandles({
      seed: 3,
      start,
      count: 60_000,
      intervalMs: 60_000,
      startPrice: 95_000,
      volatility: 0.001,
      decimals: 2,
    });
    const equity = candles.map((candle) => ({ time: candle.time, value: candle.close }));
    const html = renderHtmlReport({
      ...result,
      prices: { 'BTC-USD': candles, 'ETH-USD': [] },
      equity,
      buyAndHold: equity,
    });
    // 60,000 one-minute candles and 120,000 line points in; well under 2 MB out (the library alone is ~200 kB).
    expect(html.length).toBeLessThan(2_000_000);
    const data = JSON.parse(
      /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    );
    expect(data.products[0].candles.length).toBeLessThanOrEqual(1500);
    expect(data.equity.length).toBeLessThanOrEqual(2000);
  });

  it('refuses a result that is not one, with the typed error', () => {
    expect(() => renderHtmlReport({ ...backtestFixture(), kind: 'forward' } as unknown as RunResult)).toThrow(
      RunResultError,
    );
  });
});
