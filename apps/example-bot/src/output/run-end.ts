/**
 * The end of a `start` run: the HTML report if one was asked for (`--report`), then the terminal
 * summary. A report that cannot be written is reported and the summary still prints; the run's
 * orders are already settled by then, so nothing about trading depends on it.
 */
import type { BotConfig } from '../config.js';
import type { ConsoleOutput } from './console.js';
import type { LiveRunRecorder } from './live-run-result.js';
import { writeHtmlReport } from './run-report.js';
import type { RunSummary } from './summary.js';
import { terminalSummaryData, terminalSummaryLines } from './terminal-summary.js';

/** What {@link finishRun} needs. */
export interface RunEnd {
  summary: RunSummary;
  config: BotConfig;
  reportPath: string | undefined;
  liveRun: LiveRunRecorder;
  output: ConsoleOutput;
}

/** Writes the report (if asked for) and prints the summary. */
export async function finishRun({ summary, config, reportPath, liveRun, output }: RunEnd): Promise<void> {
  let writtenReport: string | undefined;
  if (reportPath !== undefined) {
    try {
      const live =
        (config.venue.kind === 'coinbase' || config.venue.kind === 'advanced-trade') &&
        config.venue.environment === 'production';
      await writeHtmlReport(
        reportPath,
        liveRun.toRunResult(summary, {
          kind: live ? 'live' : config.venue.kind === 'paper' ? 'paper' : 'simulated',
          parameters: config.strategyParameters,
        }),
        (text) => config.secrets.scrub(text),
      );
      writtenReport = reportPath;
    } catch (error) {
      output.record({
        type: 'error-reported',
        source: 'writing the report',
        code: (error as { code?: string }).code,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const files = { summaryJson: config.summaryJsonPath, report: writtenReport };
  output.summary(terminalSummaryLines(summary, files), terminalSummaryData(summary, files));
}
