export { parseRunResult, RUN_RESULT_FORMAT } from './parse-run-result.js';
export { type RenderHtmlReportOptions, renderHtmlReport } from './render-html-report.js';
export type {
  IsoTime,
  LiveRunSummary,
  RunCandle,
  RunConfig,
  RunKind,
  RunMetrics,
  RunResult,
  RunTrade,
  SweepCell,
  SweepResult,
  ValuePoint,
  WorkingOrder,
} from './run-result.js';
export { RunResultError } from './run-result-error.js';
