import { describe, expect, it } from 'vitest';
import { backtestFixture, liveFixture, sweepFixture } from './__fixtures__/run-results.js';
import { renderHtmlReport } from './render-html-report.js';

describe('renderHtmlReport', () => {
  it('renders the fixtures', async () => {
    const { writeFileSync } = await import('node:fs');
    const started = performance.now();
    const backtest = backtestFixture();
    const sweep = sweepFixture();
    const live = liveFixture();
    console.log('fixtures ms', performance.now() - started, backtest.trades.length, live.trades.length);
    for (const [name, result] of [['backtest', backtest], ['sweep', sweep], ['live', live]] as const) {
      const html = renderHtmlReport(result);
      writeFileSync(`/tmp/report-out/${name}.html`, html);
      writeFileSync(`/tmp/report-out/${name}.json`, JSON.stringify(result, null, 1));
      console.log(name, html.length);
      expect(html).toContain('<!doctype html>');
    }
  });
});
