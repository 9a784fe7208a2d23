/**
 * `pnpm bench`: runs every package's `bench` script and this package's suites, one at a time,
 * each in its own process with `BENCH_RESULTS` pointing at a results file; then prints one table
 * (every row a tradeloop figure beside its baselines and their ratio) and writes BENCHMARKS.md.
 *
 * A row that cannot be measured (a package not finished, a bench that fails) shows as
 * "n/a (reason)" and the run still exits 0; `BENCH_STRICT=1` makes such rows fail the run.
 * `BENCH_SMOKE=1` runs everything briefly (CI) and writes bench-results/BENCHMARKS.smoke.md
 * instead of BENCHMARKS.md, so a smoke run never replaces measured numbers.
 *
 * Every run also saves its outcomes and machine context to bench-results/run.json; `--report-only`
 * renders the table and BENCHMARKS.md again from that file without measuring anything (to change
 * the report's wording without another few minutes on a shared machine). `--only <name>[,<name>…]`
 * measures again only the commands whose source contains one of the names (e.g. `tick-to-order`)
 * and keeps every other outcome of the saved run; the report says which rows were measured later.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smoke } from '@tradeloop-internal/bench-harness';
import { slowerThanBaseline } from './report/explanations.js';
import { benchmarksMarkdown, consoleTable, type RunContext } from './report/format.js';
import { REQUIRED_ROWS, SUITES, suiteOf } from './report/required-rows.js';
import { assembleTable, parseResults, type RunOutcome, unmeasuredRows } from './report/rows.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packageDirectory = fileURLToPath(new URL('../', import.meta.url));
const resultsDirectory = join(repositoryRoot, 'bench-results');
const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;

interface Command {
  source: string;
  command: string;
  args: string[];
  cwd: string;
}

/** Packages and apps whose package.json has a `bench` script, in folder order. */
function packageBenches(): Command[] {
  const commands: Command[] = [];
  for (const group of ['packages', 'apps']) {
    const groupDirectory = join(repositoryRoot, group);
    if (!existsSync(groupDirectory)) continue;
    for (const folder of readdirSync(groupDirectory).sort()) {
      const manifestPath = join(groupDirectory, folder, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        scripts?: Record<string, string>;
      };
      if (manifest.scripts?.bench === undefined) continue;
      commands.push({
        source: manifest.name,
        command: 'pnpm',
        args: ['run', '--silent', 'bench'],
        cwd: join(groupDirectory, folder),
      });
    }
  }
  return commands;
}

/** Runs one command with `BENCH_RESULTS` set; its output goes to the terminal as it comes. */
function run(command: Command, resultsFile: string): Promise<RunOutcome> {
  writeFileSync(resultsFile, '');
  return new Promise((resolve) => {
    const errorTail: string[] = [];
    const child = spawn(command.command, command.args, {
      cwd: command.cwd,
      env: { ...process.env, BENCH_RESULTS: resultsFile },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      errorTail.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line.trim() !== ''),
      );
      if (errorTail.length > 30) errorTail.splice(0, errorTail.length - 30);
    });
    const finish = (failure: string | undefined) => {
      const { lines, problems } = parseResults(readFileSync(resultsFile, 'utf8'));
      for (const problem of problems) console.error(`${command.source}: ${problem}`);
      resolve({ source: command.source, lines, failure });
    };
    child.on('error', (error) => finish(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (code === 0) return finish(undefined);
      const cause =
        errorTail.find((line) => /Error|error:|Cannot|not found/i.test(line)) ?? errorTail.at(-1) ?? '';
      finish(
        `bench exited with ${signal ?? `code ${code}`}${cause ? `: ${cause.trim().slice(0, 140)}` : ''}`,
      );
    });
  });
}

mkdirSync(resultsDirectory, { recursive: true });
const savedRun = join(resultsDirectory, smoke ? 'run.smoke.json' : 'run.json');
const reportOnly = process.argv.includes('--report-only');
const onlyIndex = process.argv.indexOf('--only');
const only =
  onlyIndex === -1
    ? undefined
    : (process.argv[onlyIndex + 1] ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
if (only !== undefined && only.length === 0) {
  console.error('--only expects a comma-separated list of bench names, e.g. --only tick-to-order');
  process.exit(2);
}
let outcomes: RunOutcome[];
let context: RunContext;
/** The outcomes and context the last run saved (what `--report-only` renders and `--only` amends). */
function readSavedRun(): { outcomes: RunOutcome[]; context: RunContext } {
  return JSON.parse(readFileSync(savedRun, 'utf8')) as { outcomes: RunOutcome[]; context: RunContext };
}
if (only !== undefined) {
  ({ outcomes, context } = readSavedRun());
  const selected = allCommands().filter((command) => only.some((name) => command.source.includes(name)));
  if (selected.length === 0) {
    console.error(
      `--only ${only.join(',')} matches no bench; the benches are: ${allCommands()
        .map((command) => command.source)
        .join(', ')}`,
    );
    process.exit(2);
  }
  const rerunStarted = performance.now();
  const rerunLoadAtStart = loadavg()[0] ?? 0;
  const fresh = await runCommands(selected);
  outcomes = [
    ...outcomes.filter((outcome) => !fresh.some((rerun) => rerun.source === outcome.source)),
    ...fresh,
  ];
  context = {
    ...context,
    reruns: [
      ...(context.reruns ?? []),
      {
        sources: fresh.map((outcome) => outcome.source),
        date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        loadAtStart: rerunLoadAtStart,
        loadAtEnd: loadavg()[0] ?? 0,
        durationSeconds: (performance.now() - rerunStarted) / 1000,
      },
    ],
  };
  writeFileSync(savedRun, `${JSON.stringify({ context, outcomes }, null, 1)}\n`);
} else if (reportOnly) {
  ({ outcomes, context } = readSavedRun());
  console.log(`Reporting the run of ${context.date} from ${savedRun} (nothing measured now).`);
} else {
  outcomes = await runCommands(allCommands());
  context = {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    nodeVersion: process.version,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAtStart,
    loadAtEnd: loadavg()[0] ?? 0,
    smoke,
    durationSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(savedRun, `${JSON.stringify({ context, outcomes }, null, 1)}\n`);
}

/** Every package bench, then every suite. */
function allCommands(): Command[] {
  return [
    ...packageBenches(),
    ...SUITES.map((suite) => ({
      source: suite.source,
      command: process.execPath,
      args: ['--import', 'tsx', `src/suites/${suite.file}`],
      cwd: packageDirectory,
    })),
  ];
}

/** Runs the commands one at a time; returns their outcomes. */
async function runCommands(commands: readonly Command[]): Promise<RunOutcome[]> {
  const allResults = join(resultsDirectory, smoke ? 'results.smoke.jsonl' : 'results.jsonl');
  if (only === undefined) writeFileSync(allResults, '');
  const results: RunOutcome[] = [];
  for (const command of commands) {
    const began = performance.now();
    console.log(`\n━━ ${command.source} ━━`);
    const outcome = await run(command, join(resultsDirectory, 'current.jsonl'));
    results.push(outcome);
    for (const line of outcome.lines)
      appendFileSync(allResults, `${JSON.stringify({ source: outcome.source, ...line })}\n`);
    console.log(
      `   (${command.source}: ${((performance.now() - began) / 1000).toFixed(1)} s${outcome.failure ? `; ${outcome.failure}` : ''})`,
    );
  }
  return results;
}

const { main, packages } = assembleTable(REQUIRED_ROWS, outcomes, suiteOf);
const slower = slowerThanBaseline(main);
console.log(
  `\n${'═'.repeat(100)}\ntradeloop side by side (ratio > 1: tradeloop better)${context.smoke ? ' — SMOKE RUN, numbers mean nothing' : ''}`,
);
console.log(consoleTable(main));
console.log(
  `\nMachine: ${context.cpuModel}, ${context.cores} cores, ${context.memoryGiB.toFixed(0)} GiB; Node ${context.nodeVersion}; load ${context.loadAtStart.toFixed(2)} → ${context.loadAtEnd.toFixed(2)}; ${Math.round(context.durationSeconds)} s`,
);
const markdown = benchmarksMarkdown(main, packages, context, slower);
const target = context.smoke
  ? join(resultsDirectory, 'BENCHMARKS.smoke.md')
  : join(repositoryRoot, 'BENCHMARKS.md');
writeFileSync(target, markdown);
console.log(`Wrote ${target}`);

const missing = unmeasuredRows(main);
if (missing.length > 0) {
  console.log(
    `${missing.length} of ${main.length} rows have a figure that could not be measured (n/a above).`,
  );
  if (process.env.BENCH_STRICT === '1') process.exitCode = 1;
}
