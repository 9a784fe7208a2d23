#!/usr/bin/env node
import { parseCliArguments, usage } from './cli-arguments.js';
import { startSimulator } from './simulator.js';
import { InvalidSimulatorOptionError } from './simulator-errors.js';

/**
 * `tradeloop-sim`: starts the simulator, prints exactly one JSON line with the URLs and
 * credentials to stdout (the secret, passphrase and Advanced Trade private key only when it generated them), then logs to stderr only. SIGINT/SIGTERM stop it cleanly (exit 0).
 * Bad flags: one sentence on stderr, exit 2.
 */
async function main(): Promise<void> {
  let request: ReturnType<typeof parseCliArguments>;
  try {
    const argv = process.argv.slice(2);
    // `pnpm start -- --port 8080` passes the `--` through; it separates nothing here.
    if (argv[0] === '--') argv.shift();
    request = parseCliArguments(argv, process.env);
  } catch (error) {
    process.stderr.write(`tradeloop-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (request.kind === 'help') {
    process.stdout.write(usage);
    return;
  }
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  try {
    simulator = await startSimulator({ ...request.options, log });
  } catch (error) {
    process.stderr.write(`tradeloop-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(InvalidSimulatorOptionError.isInstance(error) ? 2 : 1);
  }
  const { restUrl, wsUrl, credentials, advancedTrade } = simulator;
  // Generated keys are printed (nobody else knows them); supplied secrets are not echoed.
  const printed = request.options.credentials === undefined ? credentials : { apiKey: credentials.apiKey };
  const { privateKey, ...advancedTradeWithoutKey } = advancedTrade;
  const printedAdvancedTrade = request.options.cdpKey === undefined ? advancedTrade : advancedTradeWithoutKey;
  process.stdout.write(
    `${JSON.stringify({ restUrl, wsUrl, ...printed, advancedTrade: printedAdvancedTrade })}\n`,
  );
  log(`tradeloop-sim listening on ${restUrl} (REST) and ${wsUrl} (WebSocket)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}, stopping`);
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`failed to stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// A bug must not take the simulator down silently: report it and keep serving.
process.on('uncaughtException', (error) =>
  process.stderr.write(`tradeloop-sim: uncaught ${error.stack ?? error.message}\n`),
);
process.on('unhandledRejection', (reason) =>
  process.stderr.write(`tradeloop-sim: unhandled rejection ${String(reason)}\n`),
);

void main();
