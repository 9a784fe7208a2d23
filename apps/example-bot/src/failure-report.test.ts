import { TradeloopError } from '@tradeloop/errors';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { CONFIGURATION_EXIT_CODE, FAILURE_EXIT_CODE, reportFailure } from './failure-report.js';

describe('reportFailure', () => {
  it('prints a configuration mistake as its one sentence, with exit status 2', () => {
    const report = reportFailure(new ConfigError('Product DOGE-EUR is not offered; pick another.'), {
      debug: true,
    });
    expect(report).toEqual({
      text: 'example-bot: Product DOGE-EUR is not offered; pick another.',
      exitCode: CONFIGURATION_EXIT_CODE,
    });
  });

  it('prints anything else with its code, and its stack only in debug mode', () => {
    const error = new TradeloopError('server_error', 'GET /accounts answered 503');
    const quiet = reportFailure(error, { debug: false });
    expect(quiet.exitCode).toBe(FAILURE_EXIT_CODE);
    expect(quiet.text).toBe(
      'example-bot: stopped by an unexpected error [server_error]: GET /accounts answered 503 (set TRADELOOP_DEBUG=1 to see where it happened)',
    );
    const loud = reportFailure(error, { debug: true });
    expect(loud.text).toContain('failure-report.test.ts');
    expect(reportFailure('plain text', { debug: false }).text).toContain(': plain text');
  });
});
