import { advantage, isMeasured } from '@tradeloop-internal/bench-harness';
import type { TableRow } from './rows.js';

/** Why tradeloop trails a baseline in a row, and what would close the gap. */
interface Explanation {
  rowId: string;
  /** Matches the baseline's name. */
  baseline: RegExp;
  why: string;
  fix: string;
}

/**
 * Known reasons, shown only for the pairs where this run found tradeloop slower. Floors (raw
 * HMAC, JSON.parse alone, a bare server) do a strict subset of tradeloop's work: trailing them
 * is expected, and the ratio says what the extra work costs.
 */
const EXPLANATIONS: readonly Explanation[] = [
  {
    rowId: 'signing',
    baseline: /raw node:crypto/,
    why: 'the raw loop is the floor: one HMAC of a prebuilt prehash. `ExchangeSigner.sign` also builds the prehash string from method, path and body, formats the timestamp from its clock and returns a fresh four-header object per call.',
    fix: 'nothing worth the API: the HMAC itself dominates; a reusable header object would save one allocation per request.',
  },
  {
    rowId: 'feed-ingest',
    baseline: /JSON\.parse alone/,
    why: 'JSON.parse alone is the floor and keeps no book; tradeloop parses the same way, then validates every change and applies it to an exact (string-keyed, integer-ordered) book.',
    fix: 'a hand-written scanner for `l2update` frames that reads the changes without building the whole object would beat `JSON.parse` itself; the book is already a small share.',
  },
  {
    rowId: 'rest-public',
    baseline: /bare (fetch|node:http)/,
    why: "per request the client adds a timeout timer, the retry frame, abort-signal wiring, response validation into typed objects and typed error mapping on top of the round trip; @tradeloop/rest's own bench measures these layers alone (no network) at a few µs per request, about 1 % of a loopback round trip, so most of a small gap here is noise.",
    fix: 'only worth it if it grows: one shared deadline timer for all requests in flight instead of one per request, and lazy validation on the hottest endpoints.',
  },
  {
    rowId: 'rest-private',
    baseline: /bare (fetch|node:http)/,
    why: 'as for the public request, plus building the four auth headers; the bare baseline signs with the same node:crypto call and does nothing else.',
    fix: 'as for the public request.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /raw floor/,
    why: "the floor parses one `match` frame, signs and sends one prebuilt body. Between the same frame and the same send the example bot also: reads the other channels its venue subscribes (`ticker` always, `user` for its orders: about three messages per trade where the floor reads one), maps the trade to Decimals, runs the runtime's event loop, builds a client order id, quantizes, checks the risk gates, appends the order to its on-disk journal and waits for the flush to stable storage (fsync) before sending, runs the order state machine, formats and writes its console line, and validates and serializes the request in @tradeloop/rest. The journal's flush is the largest single part (about 1 ms at p50 on ext4 when issue 16 was filed); the runtime-alone and no-runtime rows separate the rest.",
    fix: 'issue 16 item 2: the journal record written (reaching the OS) before the send but its fdatasync overlapped with or batched after it; subscribe only the channels the strategy needs; Decimals built lazily; console output and status off the hot path; setNoDelay on the order connection; a CPU profile of one reaction (tools/benchmarks/README.md) for the rest.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /raw floor/,
    why: "as for p50; a flush to disk has a long tail of its own (the device's and the file system's queue), and more messages and allocations per trade bring garbage collection and other channels' messages into the tail more often.",
    fix: 'as for p50: above all the fsync out of the path between tick and send.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /ccxt/,
    why: 'ccxt pro does less per trade than the example bot: no journal (a killed ccxt process forgets its orders), no risk gates, no order state machine and no console line, and it subscribes only the trades channel. The on-disk journal flush before each order alone costs more than the difference.',
    fix: 'as for the raw floor: the fsync out of the path between tick and send, then the per-trade work.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /ccxt/,
    why: 'as for p50, with the flush-to-disk tail on top.',
    fix: 'as for p50.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /runtime \+ Coinbase venue alone/,
    why: "the same runtime and venue; the example bot adds what it always runs with: the on-disk journal (written and flushed before each order), its risk limits, and its console output (each order's line formatted, scrubbed of secrets and written synchronously).",
    fix: 'the fsync overlapped with the send instead of before it; console lines built and written after the send.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /runtime \+ Coinbase venue alone/,
    why: 'as for p50; the flush to disk is where the tail comes from.',
    fix: 'as for p50.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /no runtime/,
    why: "the runtime is the cost of safety between the trade and the order: its event loop, the trade mapped to Decimals, a client order id, quantizing, the risk gates, the journal record and the order state machine, all before the REST call. Its Coinbase venue also always subscribes to `ticker` and `user` besides `matches`, so it reads about three messages per trade (match, ticker, its own order's updates) where the direct client reads one.",
    fix: 'subscribe to `ticker` only when the strategy needs it, map trades to Decimals lazily, and keep the journal flush off the path between tick and send.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /no runtime/,
    why: "as for p50; with more messages and allocations per trade, garbage collection and the other channels' messages land in the tail more often.",
    fix: 'as for p50.',
  },
  {
    rowId: 'runtime',
    baseline: /eventemitter3/,
    why: "a bare emit only calls a function; per event the runtime also checks its ordered loop (an idle loop runs the event on the venue's call: no queue, no closure, no promise), records the ticker, trade or book in its market state (one field store; prices are read only when asked) and calls the handler guarded against throwing and rejecting, with the error policy's bookkeeping.",
    fix: 'little is left: the guard and the ordered loop are what make the runtime safe (a throwing or async handler never reorders or loses events); what remains are a few calls per event.',
  },
  {
    rowId: 'backtest-grademark',
    baseline: /bare loop/,
    why: "the floor splits the CSV into plain numbers and computes the crossover, nothing else. Per candle tradeloop also checks the row exactly (decimal strings, high ≥ open, close ≥ low, times in order) and keeps it as strings, steps the runtime's clock and hands the candle to the unchanged plugin as one venue event (the plugin reads the close, which makes one Decimal), values the account at every close into an exact Decimal equity curve (its garbage collection is a large share), and routes every order through sizing, risk gates, the journal hook, the order state machine, the simulated exchange's holds and fees and the portfolio, then computes the metrics. The floor is one loop over numbers: the factor is the price of exact money, the live runtime and a result a trader can audit.",
    fix: 'an equity curve computed online (drawdown and daily returns as the run goes) instead of a Decimal kept per candle; prices as scaled integers where exact, so most comparisons and the valuation need no Decimal.',
  },
  {
    rowId: 'backtest-ticks',
    baseline: /bare loop/,
    why: "the bare loop only splits the file and JSON.parses each line. tradeloop reads the same file and checks every line (trade lines as the recorder writes them are scanned without JSON.parse, which is faster than it), then reads each message again as the replay reaches it, moves the runtime's clock to its time (firing the runtime's timers on the way, settling at every minute boundary and sampling the equity), lets the simulated exchange match its orders, builds the one-minute chart candles, and hands the trade to the strategy through the runtime (its price and size stay strings unless read).",
    fix: 'one pass instead of two (check while replaying, at the price of refusing a bad line only when the replay reaches it); chart candles built from the same scan without slicing strings.',
  },
  {
    rowId: 'backtest-sweep',
    baseline: /--jobs 1/,
    why: 'each run is a whole process: its start, the TypeScript loader in each worker thread, the data loaded once per worker and every cell written to disk are a fixed part that more cores do not shrink; and the machine is shared, so the cores the sweep gets are what other processes leave (the load average is in the note).',
    fix: 'on an idle machine the fixed part is small beside the cells; larger grids amortise it further.',
  },
  {
    rowId: 'simulator-rest',
    baseline: /GET \/time/,
    why: 'GET /time is the HTTP floor of the same server; a placement or cancel also authenticates (HMAC), validates, matches, moves holds and publishes feed events.',
    fix: 'this is the exchange doing its job; the ratio shows how much of each request is exchange work rather than HTTP.',
  },
  {
    rowId: 'memory',
    baseline: /bare ws client/,
    why: 'the bot keeps what the bare client throws away: order books, the strategy runtime with its state and journal, a REST client with keep-alive sockets, and the code of every package.',
    fix: 'books that keep only the levels a strategy reads, and loading only the packages a run uses.',
  },
];

/** A Markdown section listing every pair where tradeloop trailed, with why and what would fix it. */
export function slowerThanBaseline(rows: readonly TableRow[]): string {
  const items: string[] = [];
  for (const row of rows) {
    if (!isMeasured(row.candidate)) continue;
    for (const baseline of row.baselines) {
      if (!isMeasured(baseline)) continue;
      const ratio = advantage(row.candidate, baseline, row.better);
      if (!(ratio < 1)) continue;
      const known = EXPLANATIONS.find(
        (entry) => entry.rowId === row.id && entry.baseline.test(baseline.name),
      );
      // A gap under 10 % with overlapping round ranges is within this run's noise. (Wider gaps
      // with overlapping ranges are still real: rounds alternate, so the medians move together.)
      const overlapping =
        ratio > 0.9 && row.candidate.min <= baseline.max && baseline.min <= row.candidate.max;
      items.push(
        `- **${row.title}** — ${ratio.toFixed(2)}× vs ${baseline.name}${
          overlapping ? ' (the spreads overlap: not a clear difference in this run)' : ''
        }. ${known ? `Why: ${known.why} What would fix it: ${known.fix}` : 'No explanation recorded yet.'}`,
      );
    }
  }
  if (items.length === 0) return '## Where tradeloop is slower\n\nNowhere in this run.';
  return ['## Where tradeloop is slower', '', ...items].join('\n');
}
