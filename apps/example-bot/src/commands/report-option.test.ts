import { describe, expect, it } from 'vitest';
import { helpText } from '../config.js';
import { ConfigError } from '../config-error.js';
import { extractReportOption, withReportOptionHelp } from './report-option.js';

describe('--report', () => {
  it('takes the path out of the command line, resolved against where the user ran the command', () => {
    expect(
      extractReportOption(
        ['--', '--duration', '5', '--report', 'out/run.html', '--seed', '2'],
        {},
        '/home/me',
      ),
    ).toEqual({
      reportPath: '/home/me/out/run.html',
      argv: ['--', '--duration', '5', '--seed', '2'],
    });
    expect(extractReportOption(['--report=/tmp/a.html'], {}, '/x').reportPath).toBe('/tmp/a.html');
  });

  it('reads TRADELOOP_REPORT, the flag winning', () => {
    expect(extractReportOption([], { TRADELOOP_REPORT: 'env.html' }, '/x').reportPath).toBe('/x/env.html');
    expect(
      extractReportOption(['--report', 'flag.html'], { TRADELOOP_REPORT: 'env.html' }, '/x').reportPath,
    ).toBe('/x/flag.html');
    expect(extractReportOption([], {}, '/x').reportPath).toBeUndefined();
  });

  it('refuses a missing value or a file that is not .html', () => {
    expect(() => extractReportOption(['--report'], {}, '/x')).toThrow(ConfigError);
    expect(() => extractReportOption(['--report', '--duration', '5'], {}, '/x')).toThrow(
      '--report needs a file name',
    );
    expect(() => extractReportOption(['--report', 'run.json'], {}, '/x')).toThrow(
      'ending in .html (received "run.json")',
    );
  });

  it('is listed in --help after the other options, aligned with them', () => {
    const lines = withReportOptionHelp(helpText()).split('\n');
    const report = lines.findIndex((line) => line.startsWith('  --report <file.html>'));
    expect(lines[report - 1]).toMatch(/^ {2}--help/);
    // Where the description starts: after the flag and its placeholder, and the padding.
    const column = (line: string) => /^ {2}\S+(?: \S+)?\s+/.exec(line)?.[0].length;
    expect(column(lines[report] as string)).toBe(column(lines[report - 1] as string));
    expect(lines[report]).toContain('env TRADELOOP_REPORT');
  });
});
