import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly these names (change on purpose only)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BacktestConfigError",
        "BacktestError",
        "CandleDataError",
        "PaperVenue",
        "RecordedBook",
        "RecordingFormatError",
        "RecordingWriter",
        "TickFillModel",
        "candleOutcome",
        "candlePath",
        "candleSeriesFromRows",
        "computeMetrics",
        "createPaperVenue",
        "defaultFeeRates",
        "defaultProductRules",
        "formatCandleCsv",
        "formatRunResult",
        "inferGranularityMs",
        "loadCandleCsv",
        "loadCandles",
        "parseCandleCsv",
        "parseFeeRates",
        "parseRecording",
        "readRecording",
        "recordMarketData",
        "runBacktest",
      ]
    `);
  });
});
