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
    rowId: 'jwt-signing',
    baseline: /raw node:crypto/,
    why: "the raw loop is the floor: fixed claims, one ECDSA P-256 signature. `CdpJwtSigner.signRest` also checks the method and path, cuts any query string from the `uri`, reads its clock, and looks its key up in the credentials' private store; the ECDSA signature dominates both, so a small gap is mostly noise.",
    fix: 'nothing worth the API: the signature is the cost; caching the base64url header prefix per key would save one JSON encoding per token.',
  },
  {
    rowId: 'advanced-trade-ingest',
    baseline: /JSON\.parse alone/,
    why: 'JSON.parse alone is the floor and keeps no book; tradeloop parses the same way, checks the envelope, maps each `bid`/`offer` update to a change and applies it to an exact (string-keyed, integer-ordered) book.',
    fix: 'apply the updates to the book directly instead of through an intermediate change array; a scanner for `l2_data` frames that skips building the whole object would beat `JSON.parse` itself.',
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
    why: "measured across processes with `pnpm reaction:trace` (tools/benchmarks/README.md), the trade's publication → the client's socket reading the frame (~490 µs: the simulator's fan-out and loopback) and the POST's write → its arrival (~700–770 µs: the simulator parsing, authenticating and matching the order) cost every client the same within noise; the gap is between the frame and the write, ~505 µs for the floor and ~655 µs for the example bot. In that stretch the bot runs the feed's checks and the runtime's dispatch to `onTrade` (~175 µs, of which `JSON.parse` is the largest part, as for the floor), then an order's safety work: quantizing (the first Decimal parse), the risk gates, the journal record and its `write(2)` into the page cache before the send (~70 µs: a killed bot forgets nothing), the REST client's checks and rate-limit token, the HMAC and node:http. Each runs once per reaction with cold caches, so the amount of code is the cost. The `submitted` move, the next client order id, the console line and the journal's `fdatasync` all come after the write.",
    fix: 'what remains is mostly the safety work itself; next: the feed decoding a `match` frame straight into the trade (one object instead of two), the journal line from a prepared template, the risk gates in one pass.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /raw floor/,
    why: 'as for p50; what is left in the tail is the machine (two cores shared with other processes preempt the bot between the frame and the write, more often the longer that stretch is), garbage collection of the per-trade objects, and the thread pool waking for the journal flush right after the send.',
    fix: 'as for p50: a shorter synchronous stretch is a smaller target for preemption; fewer per-trade allocations.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /ccxt/,
    why: "ccxt pro does less per trade than the example bot: no journal (a killed ccxt process forgets its orders), no risk gates, no order state machine, no console line, and it reads only the trades channel. What the bot does in addition before the write is its synchronous safety work (one journal write, gates, quantizing); its request is then written within `placeOrder` on a standby connection, where ccxt goes through undici's dispatcher and its promise chain.",
    fix: 'as for the raw floor.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /ccxt/,
    why: 'as for p50; on a loaded machine both tails are mostly preemption.',
    fix: 'as for p50.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /runtime \+ Coinbase venue alone/,
    why: "the same runtime and venue; before the write the example bot adds what it always runs with: the on-disk journal's record and `write(2)` (~70 µs), its default risk limits (more gates to check) and its REST client's rate limiter (Coinbase's 15 private requests/s: one token per order). Its `fdatasync`, console line and summary record come after the write and no longer hold the exchange up: across processes (`pnpm reaction:trace`) the POST's write → arrival differs by ~60 µs between the two rows, the frame → write by ~100 µs.",
    fix: "the journal's `write(2)` before the send is the price of never forgetting an order and stays; the rate limiter's token and the risk gates could be checked in one pass.",
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /runtime \+ Coinbase venue alone/,
    why: 'as for p50; a `write(2)` to ext4 occasionally waits on the file system (a journal commit, or the previous flush still holding the inode), which lands in the tail.',
    fix: 'as for p50.',
  },
  {
    rowId: 'tick-to-order-p50',
    baseline: /no runtime/,
    why: "the runtime is the cost of safety between the trade and the order: across processes (`pnpm reaction:trace`) the frame → write takes ~550 µs with the runtime alone and ~400 µs without it: the runtime's dispatch to `onTrade`, a client order id, quantizing, the risk gates and the journal record; the order state machine's `submitted` move and its events come after the write. Both rows write on a standby connection (`standbyPost`).",
    fix: 'fewer objects per order (the order and its journal record), one Decimal parse per price and size, the risk gates in one pass.',
  },
  {
    rowId: 'tick-to-order-p99',
    baseline: /no runtime/,
    why: "as for p50; the private `user` messages of the bot's own orders (received, open, done) arrive between trades and sometimes with one, and their handling lands in the tail.",
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
    why: "the bare loop only reads the file whole and JSON.parses each line. tradeloop reads the same file once in 1 MB chunks and checks each line as the replay reaches it (trade lines as the recorder writes them are scanned in their bytes, faster than JSON.parse), moves the runtime's clock to its time (firing the runtime's timers on the way, settling at every minute boundary and sampling the equity), lets the simulated exchange match its orders, builds the one-minute chart candles, and hands the trade to the strategy through the runtime (its price and size stay strings unless read).",
    fix: 'nothing the design needs: the replay already reads each byte once; the remaining cost is the runtime and the chart candles, per trade.',
  },
  {
    rowId: 'backtest-sweep',
    baseline: /--jobs 1/,
    why: "with --jobs 1 on a two-core machine, V8's compiler and garbage-collector threads run on the idle core for free: a 16-cell sweep used ≈11.9 s of worker-thread CPU plus ≈2.6 s on those helper threads (and ≈0.7 s on the main thread) in ≈13.8 s of wall time. With two worker threads the same cells need about the same worker CPU (≈12.6 s: a CPU-bound loop already runs ≈12 % slower on each of this VM's cores when both are busy), each thread warms up its own JIT and collects its own heap (helpers ≈4 s), and all of it shares the two cores: ≈17.5 s of CPU, so ≈8.8 s at best. Each run also pays a fixed part that more cores do not shrink (start with tsx and the bot's modules, the history read once, the worker module compiled, the result files: ≈1.3 s on a quiet machine). The grid split by hand into one pinned process per core, where the cells share nothing, does no better (the row's last baseline).",
    fix: "less work per cell that lands on V8's helper threads (allocation: Decimal arithmetic in the strategy and the metrics, the equity curve kept per candle) and fewer re-optimizations in a thread's first cells; against a one-core machine (the textbook baseline: the row's first baseline) the goal is met.",
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
  {
    rowId: 'soak-journal-size',
    baseline: /never compacted/,
    why: 'a run whose journal never grew past the compaction bound (1 MiB, about 2,000 orders) was not compacted while it ran: both are the whole history, and the real journal also holds the fill cursors that the rebuilt one lacks.',
    fix: 'nothing: a longer soak (the default 10 minutes) passes the bound; `compaction.aboveBytes` sets it lower.',
  },
  {
    rowId: 'soak-journal-replay',
    baseline: /never compacted/,
    why: "below the compaction bound both journals are the whole history, so the replay times differ by noise; a soak from before the two were replayed side by side after the run (tools/soak) measured the compacted one mid-run, under the bot's load, and the history after it.",
    fix: 'run `pnpm soak` again (both are now replayed after the run, alternately, five times each) and `pnpm bench --only soak`.',
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
