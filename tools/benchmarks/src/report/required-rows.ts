import type { RequiredRow } from './rows.js';

/** This package's suites: one process each, in this order (cheap first, the long memory watch last). */
export const SUITES = [
  { file: 'signing.bench.ts', source: 'tools/benchmarks signing', rows: ['signing'] },
  { file: 'feed-ingest.bench.ts', source: 'tools/benchmarks feed-ingest', rows: ['feed-ingest'] },
  { file: 'jwt-signing.bench.ts', source: 'tools/benchmarks jwt-signing', rows: ['jwt-signing'] },
  {
    file: 'advanced-trade-ingest.bench.ts',
    source: 'tools/benchmarks advanced-trade-ingest',
    rows: ['advanced-trade-ingest'],
  },
  {
    file: 'rest-overhead.bench.ts',
    source: 'tools/benchmarks rest-overhead',
    rows: ['rest-public', 'rest-private'],
  },
  {
    file: 'tick-to-order.bench.ts',
    source: 'tools/benchmarks tick-to-order',
    rows: ['tick-to-order-p50', 'tick-to-order-p99'],
  },
  {
    file: 'backtest.bench.ts',
    source: 'tools/benchmarks backtest',
    rows: ['backtest-grademark', 'backtest-sweep'],
  },
  { file: 'backtest-ticks.bench.ts', source: 'tools/benchmarks backtest-ticks', rows: ['backtest-ticks'] },
  { file: 'memory.bench.ts', source: 'tools/benchmarks memory', rows: ['memory'] },
  // Reads the last `pnpm soak`'s results file (the soak itself takes 10 minutes).
  {
    file: 'soak.bench.ts',
    source: 'tools/benchmarks soak',
    rows: ['soak-heap', 'soak-journal-size', 'soak-journal-replay'],
  },
] as const;

/** The suite that reports a row. */
export function suiteOf(rowId: string): string {
  return (
    SUITES.find((suite) => (suite.rows as readonly string[]).includes(rowId))?.source ?? 'tools/benchmarks'
  );
}

/** The tick-to-order rows' candidate and baselines, as the suite names them (for an n/a row). */
const TICK_TO_ORDER_NAMES = [
  'example bot: runtime + Coinbase venue + on-disk journal + risk gates + console output',
  'raw floor: ws + JSON.parse + node:crypto HMAC + one keep-alive node:http POST',
  'ccxt pro watchTrades → createOrder',
  '@tradeloop/strategy-kit runtime + Coinbase venue alone (in-memory journal, no logger)',
  '@tradeloop/websocket + @tradeloop/rest, no runtime',
];

/** The rows issues 8 and 15 ask for, in the order of the table. */
export const REQUIRED_ROWS: readonly RequiredRow[] = [
  {
    id: 'signing',
    title: 'Signing: signatures/s, POST /orders (same message, same timestamp)',
    better: 'higher',
    names: ['@tradeloop/auth ExchangeSigner.sign', 'raw node:crypto HMAC', 'ccxt coinbaseexchange.sign()'],
  },
  {
    id: 'feed-ingest',
    title: 'Feed ingest: l2update messages/s, text frame to updated book',
    better: 'higher',
    names: [
      '@tradeloop/websocket parseFeedMessage + Level2Book',
      'JSON.parse alone',
      'ccxt pro handleOrderBook',
    ],
  },
  {
    id: 'jwt-signing',
    title: 'Advanced Trade JWT signing: ES256 tokens/s, POST /api/v3/brokerage/orders (same claims)',
    better: 'higher',
    names: [
      '@tradeloop/auth CdpJwtSigner.signRest',
      'raw node:crypto ES256 JWT (key imported once)',
      'ccxt coinbase.sign()',
    ],
  },
  {
    id: 'advanced-trade-ingest',
    title: 'Advanced Trade level-2 ingest: l2_data messages/s, text frame to updated book',
    better: 'higher',
    names: [
      '@tradeloop/websocket parseAdvancedTradeMessage + applyLevel2Data',
      'JSON.parse alone',
      'ccxt pro coinbase handleOrderBook',
    ],
  },
  {
    id: 'rest-public',
    title: 'REST overhead: µs per request, public GET /time, one at a time',
    better: 'lower',
    names: ['@tradeloop/rest CoinbaseExchangeClient', 'bare fetch', 'bare node:http keep-alive'],
  },
  {
    id: 'rest-private',
    title: 'REST overhead: µs per request, signed GET /accounts, one at a time',
    better: 'lower',
    names: [
      '@tradeloop/rest CoinbaseExchangeClient',
      'bare fetch + node:crypto signature',
      'bare node:http keep-alive + node:crypto signature',
    ],
  },
  {
    id: 'tick-to-order-p50',
    title: 'Tick-to-order over loopback, p50: trade published → reaction order received by the simulator',
    better: 'lower',
    names: TICK_TO_ORDER_NAMES,
  },
  {
    id: 'tick-to-order-p99',
    title: 'Tick-to-order over loopback, p99: trade published → reaction order received by the simulator',
    better: 'lower',
    names: TICK_TO_ORDER_NAMES,
  },
  {
    id: 'runtime',
    title: 'Runtime: events/s through strategy-kit with a do-nothing strategy',
    better: 'higher',
    names: ['@tradeloop/strategy-kit runtime', 'bare eventemitter3 emit'],
    fromPackage: {
      packageName: '@tradeloop/strategy-kit',
      titlePattern: /events per second through the runtime/i,
    },
  },
  {
    id: 'simulator-engine',
    title: 'Simulator: matching-engine orders/s (realistic mix incl. cancels)',
    better: 'higher',
    names: ['@tradeloop/simulator MatchingEngine', 'textbook book'],
    fromPackage: { packageName: '@tradeloop/simulator', titlePattern: /matching core/i },
  },
  {
    id: 'simulator-rest',
    title: 'Simulator: REST order placements + cancels/s over loopback (requests/s)',
    better: 'higher',
    names: ['@tradeloop/simulator POST /orders + DELETE /orders/{id}', 'GET /time (bare HTTP)'],
    fromPackage: { packageName: '@tradeloop/simulator', titlePattern: /^REST over loopback/i },
  },
  {
    id: 'backtest-grademark',
    title: 'Backtest: one year of one-minute candles (CSV) through an SMA(10/30) crossover, candles/s',
    better: 'higher',
    names: [
      '@tradeloop/backtest (CSV parse + runBacktest, SMA plugin)',
      'grademark 0.3 (data-forge fromCSV + backtest)',
      'bare loop: split the CSV, plain numbers, no engine',
    ],
  },
  {
    id: 'backtest-ticks',
    title: 'Backtest tick replay: recorded trades (JSON lines file) through a do-nothing strategy, trades/s',
    better: 'higher',
    names: [
      '@tradeloop/backtest tick replay (readRecording + runBacktest, do-nothing onTrade)',
      'bare loop: read the file, JSON.parse each line',
    ],
  },
  {
    id: 'backtest-sweep',
    title: 'Backtest sweep: runs per minute on every core vs one (example-bot backtest --sweep)',
    better: 'higher',
    names: [
      'example-bot backtest --sweep on every core',
      'the same sweep on one core (pinned with taskset: one worker thread)',
      'the same sweep, --jobs 1 on every core (V8 helper threads use the idle core)',
      'the grid split by hand: one process per core at once, each pinned to its core with its share',
    ],
  },
  {
    id: 'memory',
    title: "Memory: resident set size of the example bot after a minute of two products' market data",
    better: 'lower',
    names: ['example bot (apps/example-bot)', 'bare ws client, JSON.parse only'],
  },
  {
    id: 'soak-heap',
    title:
      'Soak: heap after a forced GC, growth per 1,000 orders past the first 2,000 (example bot, an order placed and canceled on every trade)',
    better: 'lower',
    names: ['example bot (pnpm soak)'],
  },
  {
    id: 'soak-journal-size',
    title: 'Soak: size of the order journal a restart reads (KiB), compacted past 1 MiB vs never compacted',
    better: 'lower',
    names: [
      'compacted journal, largest during the run (range: at the end – largest)',
      "the run's whole history, never compacted (rebuilt from the summary file)",
    ],
  },
  {
    id: 'soak-journal-replay',
    title: 'Soak: replay time of that journal at a restart (ms), compacted vs never compacted',
    better: 'lower',
    names: [
      'compacted journal, largest during the run (range: at the end – largest)',
      "the run's whole history, never compacted (rebuilt from the summary file)",
    ],
  },
];
