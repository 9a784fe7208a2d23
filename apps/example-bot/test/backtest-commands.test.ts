/**
 * The backtest, data and record commands as processes, the way a user runs them: small data in a
 * temporary directory (the command's working directory), downloads and recordings from the
 * simulator over loopback.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '@tradeloop/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess, runBot } from './support/bot-process.js';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'backtest-commands-'));
  // Two days of one-minute candles that swing enough for the trend follower to trade.
  const lines = ['time,open,high,low,close,volume'];
  let close = 40_000;
  for (let minute = 0; minute < 2880; minute += 1) {
    const open = close;
    close = Math.round(40_000 + 800 * Math.sin(minute / 40) + (minute % 7) * 9);
    lines.push(
      `${1735689600 + minute * 60},${open}.00,${Math.max(open, close) + 15}.00,${Math.min(open, close) - 15}.00,${close}.00,1.25`,
    );
  }
  writeFileSync(join(directory, 'BTC-USD-1m.csv'), `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const run = (args: string[], timeoutMs = 60_000) => runBot(args, { INIT_CWD: directory }, timeoutMs);
const crossover = ['--strategy', 'trend-follower', '--products', 'BTC-USD'];

describe('backtest', () => {
  it('runs a strategy on a CSV file: summary table, result JSON, HTML report, the same bytes twice', async () => {
    const args = ['backtest', ...crossover, '--data', 'BTC-USD-1m.csv', '--slippage-bps', '5'];
    const first = await run([...args, '--result-json', 'first.json', '--report', 'first.html']);
    expect(first.stderr).toContain('backtest BTC-USD: 100%');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('── backtest summary');
    expect(first.stdout).toMatch(/return +-?\d+\.\d\d% \(buy and hold -?\d+\.\d\d%\)/);
    const result = JSON.parse(readFileSync(join(directory, 'first.json'), 'utf8'));
    expect(result).toMatchObject({ format: 'tradeloop.run-result', kind: 'backtest' });
    expect(result.config).toMatchObject({
      strategy: 'trend-follower',
      products: ['BTC-USD'],
      slippageBps: '5',
    });
    expect(result.trades.length).toBeGreaterThan(2);
    for (const trade of result.trades) {
      expect(trade.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      for (const money of [trade.price, trade.size, trade.fee]) expect(typeof money).toBe('string');
    }
    expect(first.stdout).toContain(`${result.metrics.overall.trades} round trips`);
    expect(readFileSync(join(directory, 'first.html'), 'utf8')).toContain('<html');

    const second = await run([...args, '--result-json', 'second.json']);
    expect(second.exitCode).toBe(0);
    expect(readFileSync(join(directory, 'second.json'), 'utf8')).toBe(
      readFileSync(join(directory, 'first.json'), 'utf8'),
    );
  }, 60_000);

  it('refuses a bad CSV row with its line number and exit status 2', async () => {
    writeFileSync(
      join(directory, 'BTC-USD-bad.csv'),
      'time,open,high,low,close,volume\n1735689600,1.00,2.00,0.50,1.50,1\n1735689660,1.00,2.00,oops,1.50,1\n',
    );
    const exit = await run(['backtest', ...crossover, '--data', 'BTC-USD-bad.csv']);
    expect(exit.exitCode).toBe(2);
    expect(exit.stderr).toContain('BTC-USD-bad.csv:3: low:');
    expect(exit.stderr).toContain('"oops"');
  }, 60_000);

  it('refuses options that cannot work with one sentence and exit status 2', async () => {
    const noHistory = await run(['backtest', ...crossover]);
    expect(noHistory.exitCode).toBe(2);
    expect(noHistory.stderr).toContain('Say which history to test on');
    const badSweep = await run([
      'backtest',
      ...crossover,
      '--data',
      'BTC-USD-1m.csv',
      '--sweep',
      'fastPeriod=9..3',
    ]);
    expect(badSweep.exitCode).toBe(2);
    expect(badSweep.stderr).toContain('write the smaller bound first');
    // Every cell's parameters are checked before any worker starts.
    const badCell = await run([
      'backtest',
      ...crossover,
      '--data',
      'BTC-USD-1m.csv',
      '--sweep',
      'fastPeriod=5|x',
    ]);
    expect(badCell.exitCode).toBe(2);
    expect(badCell.stderr).toContain('--param fastPeriod must be a number');
    // A cell the backtest refuses names its parameters.
    const refused = await run([
      'backtest',
      ...crossover,
      '--data',
      'BTC-USD-1m.csv',
      '--sweep',
      'fastPeriod=5|6',
      '--balances',
      'EUR=100',
    ]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('the sweep cell fastPeriod=5 failed: balances: EUR');
  }, 60_000);

  it('sweeps a grid on worker threads; every cell equals the same run done alone', async () => {
    const sweep = await run([
      'backtest',
      ...crossover,
      '--data',
      'BTC-USD-1m.csv',
      '--sweep',
      'fastPeriod=5..10:5,slowPeriod=20..30:10',
      '--jobs',
      '2',
      '--result-json',
      'sweep.json',
    ]);
    expect(sweep.stderr).toContain('sweep 4 runs: 100%');
    expect(sweep.exitCode).toBe(0);
    expect(sweep.stdout).toContain('── sweep: 4 runs, ranked by Sharpe');
    const result = JSON.parse(readFileSync(join(directory, 'sweep.json'), 'utf8'));
    expect(result.sweep.parameters).toEqual(['fastPeriod', 'slowPeriod']);
    expect(result.sweep.cells).toHaveLength(4);
    const cell = result.sweep.cells.find(
      (candidate: { parameters: Record<string, string> }) =>
        candidate.parameters.fastPeriod === '10' && candidate.parameters.slowPeriod === '30',
    );
    const alone = await run([
      'backtest',
      ...crossover,
      '--data',
      'BTC-USD-1m.csv',
      '--param',
      'fastPeriod=10',
      '--param',
      'slowPeriod=30',
      '--result-json',
      'alone.json',
    ]);
    expect(alone.exitCode).toBe(0);
    expect(readFileSync(join(directory, cell.resultFile), 'utf8')).toBe(
      readFileSync(join(directory, 'alone.json'), 'utf8'),
    );
    // The best cell is the sweep file's run, and the ranking is by Sharpe, best first.
    const sharpes = result.sweep.cells.map((candidate: { metrics: { sharpe: string | null } }) =>
      Number(candidate.metrics.sharpe),
    );
    expect(sharpes).toEqual([...sharpes].sort((left, right) => right - left));
    expect(result.config.parameters).toMatchObject(result.sweep.cells[0].parameters);
  }, 120_000);
});

describe('data download and backtest --from/--to', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({
      market: { enabled: false },
      rateLimits: false,
      candleHistory: { from: '2025-01-01T00:00:00Z', to: '2025-01-03T00:00:00Z' },
      // Slow answers, so the download can be interrupted between pages.
      faults: { responseDelayMs: 400 },
    });
  });
  afterAll(() => simulator.stop());

  it('pages 300 candles a request, resumes after an interruption with only the missing pages, and backtests the cache', async () => {
    const args = ['data', 'download', '--products', 'BTC-USD', '--granularity', '60'];
    const range = ['--from', '2025-01-01', '--to', '2025-01-02'];
    const download = new BotProcess([...args, ...range, '--data-url', simulator.restUrl], {
      INIT_CWD: directory,
    });
    const cache = join(
      directory,
      '.tradeloop',
      'data',
      new URL(simulator.restUrl).host.replace(':', '_'),
      'BTC-USD',
      '60',
    );
    // Interrupt once two of the five pages are on disk.
    for (
      let waited = 0;
      !(existsSync(cache) && readdirSync(cache).filter((name) => name.endsWith('.csv')).length >= 2);
      waited += 50
    ) {
      if (waited > 30_000) throw new Error(`no pages after 30 s: ${download.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    download.kill('SIGINT');
    const interrupted = await download.exit(15_000);
    expect(interrupted.exitCode).toBe(130);
    expect(interrupted.stderr).toContain('interrupted; run the same command again');
    const kept = readdirSync(cache).filter((name) => name.endsWith('.csv'));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(5);
    const keptTimes = kept.map((name) => statSync(join(cache, name)).mtimeMs);

    const resumed = await run([...args, ...range, '--data-url', simulator.restUrl]);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain(`5 pages of 60s candles, ${5 - kept.length} downloaded`);
    expect(resumed.stdout).toContain(`${kept.length} already cached`);
    expect(kept.map((name) => statSync(join(cache, name)).mtimeMs)).toEqual(keptTimes);
    const pages = readdirSync(cache).filter((name) => name.endsWith('.csv'));
    expect(pages).toHaveLength(5);
    // Five pages on the 300-minute grid: the first starts an hour before the history does, the
    // last ends an hour after the range, so they hold 1,440 candles.
    const rows = pages.flatMap((name) => readFileSync(join(cache, name), 'utf8').trim().split('\n').slice(1));
    expect(rows.length).toBe(1440);
    expect(new Set(rows.map((row) => row.split(',')[0])).size).toBe(1440);

    const backtest = await run([
      'backtest',
      ...crossover,
      ...range,
      '--data-url',
      simulator.restUrl,
      '--result-json',
      'downloaded.json',
    ]);
    expect(backtest.exitCode).toBe(0);
    const result = JSON.parse(readFileSync(join(directory, 'downloaded.json'), 'utf8'));
    expect(result.prices['BTC-USD']).toHaveLength(1440);
    expect(result.prices['BTC-USD'][0].time).toBe('2025-01-01T00:00:00.000Z');
    // Everything came from the cache: no page was written again.
    expect(pages.map((name) => statSync(join(cache, name)).mtimeMs).slice(0, kept.length)).toEqual(keptTimes);
  }, 120_000);
});

describe('record', () => {
  it('records the embedded simulator’s trades and book, and the recording backtests in tick mode', async () => {
    const recorded = await run([
      'record',
      '--products',
      'BTC-USD',
      '--channels',
      'matches,level2',
      '--out',
      'recordings',
      '--duration',
      '4',
    ]);
    expect(recorded.exitCode).toBe(0);
    const [file] = readdirSync(join(directory, 'recordings'));
    expect(file).toMatch(/^BTC-USD-.*\.jsonl$/);
    const lines = readFileSync(join(directory, 'recordings', file as string), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      format: 'tradeloop.recording',
      products: ['BTC-USD'],
      channels: ['matches', 'level2'],
    });
    const types = new Set(lines.slice(1).map((line) => JSON.parse(line).type));
    expect(types).toContain('book-snapshot');
    expect(recorded.stdout).toMatch(/recorded \d+ trades and \d+ book snapshots/);

    const backtest = await run([
      'backtest',
      '--strategy',
      'market-maker',
      '--products',
      'BTC-USD',
      '--recording',
      `recordings/${file}`,
      '--balances',
      'USD=10000,BTC=0.1',
      '--latency-ms',
      '20',
      '--result-json',
      'ticks.json',
    ]);
    expect(backtest.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(directory, 'ticks.json'), 'utf8')).config).toMatchObject({
      venue: 'backtest (ticks)',
      latencyMs: 20,
    });
  }, 60_000);
});
