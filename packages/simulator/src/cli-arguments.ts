import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faultProfiles } from './faults.js';
import { SimulatorError } from './simulator-errors.js';
import type { SimulatorOptions } from './simulator-options.js';

/** The `tradeloop-sim --help` text. */
export const usage = `Usage: tradeloop-sim [options]

A local Coinbase Exchange (REST + WebSocket on one port) that also speaks Advanced Trade
(/api/v3/brokerage/..., JWT-authenticated). When ready, prints one JSON line to stdout:
{"restUrl","wsUrl","apiKey","apiSecret","passphrase",
 "advancedTrade":{"restUrl","wsUrl","userWsUrl","keyName","privateKey"}}
(the secret, passphrase and private key only when generated); then logs to stderr.

Options:
  --port <n>              TCP port, 0 = any free port (default 0)
  --host <host>           interface to listen on (default 127.0.0.1)
  --seed <n>              seed of ids, market and faults (default 1)
  --products <ids>        comma-separated product ids (default BTC-USD,ETH-USD,ETH-BTC)
  --balances <list>       starting balances, e.g. USD=100000,BTC=10 (default USD=100000,BTC=10,ETH=100)
  --faults <profile>      ${Object.keys(faultProfiles).join(' | ')} (default none)
  --rate-limits on|off    Coinbase's REST rate limits (default on)
  --market on|off         the synthetic market (default on)
  --speed <x>             market speed factor (default 1)
  --api-key <key>         fixed credentials (or SIM_API_KEY / SIM_API_SECRET / SIM_API_PASSPHRASE);
  --api-secret <base64>   all three together, or none to generate them
  --passphrase <text>
  --cdp-key-name <name>   a fixed Advanced Trade key, organizations/{org}/apiKeys/{key} (or SIM_CDP_KEY_NAME),
  --cdp-private-key-file <path>  with its EC P-256 PEM (or SIM_CDP_PRIVATE_KEY); both or none
  --help                  show this text
`;

/** What the command line asks for: run with options, or print the usage. */
export type CliRequest = { kind: 'help' } | { kind: 'run'; options: SimulatorOptions };

/** A command line the CLI cannot run; its message is one sentence for the user. */
export class CliUsageError extends SimulatorError {
  constructor(message: string) {
    super('invalid_cli_arguments', message);
  }
}

/** Parses `tradeloop-sim` arguments (without `node` and the script) and the SIM_* environment. */
export function parseCliArguments(argv: string[], env: Record<string, string | undefined>): CliRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        products: { type: 'string' },
        balances: { type: 'string' },
        faults: { type: 'string' },
        'rate-limits': { type: 'string' },
        market: { type: 'string' },
        speed: { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        passphrase: { type: 'string' },
        'cdp-key-name': { type: 'string' },
        'cdp-private-key-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // Node's text can run to two sentences; the first names the problem.
    const text = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(`${text.split(/\.\s/)[0]?.replace(/\.$/, '')} (see --help).`);
  }
  if (values.help) return { kind: 'help' };
  const text = (name: string) => values[name] as string | undefined;
  const options: SimulatorOptions = {};

  const port = text('port');
  if (port !== undefined) options.port = integer('--port', port, 0, 65535);
  const host = text('host');
  if (host !== undefined) options.host = host;
  const seed = text('seed');
  if (seed !== undefined) options.seed = integer('--seed', seed, 0, Number.MAX_SAFE_INTEGER);
  const products = text('products');
  if (products !== undefined) {
    options.products = products
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (options.products.length === 0)
      throw new CliUsageError('--products expects product ids such as BTC-USD,ETH-USD.');
  }
  const balances = text('balances');
  if (balances !== undefined) options.balances = parseBalances(balances);
  const faults = text('faults');
  if (faults !== undefined) {
    if (!(faults in faultProfiles)) {
      throw new CliUsageError(
        `--faults expects one of ${Object.keys(faultProfiles).join(', ')}, received "${faults}".`,
      );
    }
    options.faults = faults as keyof typeof faultProfiles;
  }
  const rateLimits = text('rate-limits');
  if (rateLimits !== undefined) options.rateLimits = onOff('--rate-limits', rateLimits);
  const market = text('market');
  const speed = text('speed');
  if (market !== undefined || speed !== undefined) {
    options.market = {};
    if (market !== undefined) options.market.enabled = onOff('--market', market);
    if (speed !== undefined) {
      const factor = Number(speed);
      if (!(factor > 0) || !Number.isFinite(factor))
        throw new CliUsageError(`--speed expects a positive number, received "${speed}".`);
      options.market.speed = factor;
    }
  }

  const apiKey = text('api-key') ?? env.SIM_API_KEY;
  const apiSecret = text('api-secret') ?? env.SIM_API_SECRET;
  const passphrase = text('passphrase') ?? env.SIM_API_PASSPHRASE;
  const given = [apiKey, apiSecret, passphrase].filter((value) => value !== undefined).length;
  if (given > 0 && given < 3) {
    throw new CliUsageError(
      'Fixed credentials need all three of --api-key, --api-secret and --passphrase (or SIM_API_KEY, SIM_API_SECRET and SIM_API_PASSPHRASE).',
    );
  }
  if (given === 3)
    options.credentials = {
      apiKey: apiKey as string,
      apiSecret: apiSecret as string,
      passphrase: passphrase as string,
    };

  const cdpKeyName = text('cdp-key-name') ?? env.SIM_CDP_KEY_NAME;
  const cdpKeyFile = text('cdp-private-key-file');
  let cdpPrivateKey = env.SIM_CDP_PRIVATE_KEY;
  if (cdpKeyFile !== undefined) {
    try {
      cdpPrivateKey = readFileSync(cdpKeyFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new CliUsageError(`--cdp-private-key-file could not be read (${code}): "${cdpKeyFile}".`);
    }
  }
  if ((cdpKeyName === undefined) !== (cdpPrivateKey === undefined)) {
    throw new CliUsageError(
      'A fixed Advanced Trade key needs both --cdp-key-name and --cdp-private-key-file (or SIM_CDP_KEY_NAME and SIM_CDP_PRIVATE_KEY).',
    );
  }
  if (cdpKeyName !== undefined && cdpPrivateKey !== undefined) {
    options.cdpKey = { keyName: cdpKeyName, privateKey: cdpPrivateKey };
  }
  return { kind: 'run', options };
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new CliUsageError(`${flag} expects an integer from ${min} to ${max}, received "${text}".`);
  }
  return value;
}

function onOff(flag: string, text: string): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new CliUsageError(`${flag} expects on or off, received "${text}".`);
}

function parseBalances(text: string): Record<string, string> {
  const balances: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const match = /^\s*([A-Za-z0-9]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(entry);
    if (!match) {
      throw new CliUsageError(
        `--balances expects CURRENCY=AMOUNT pairs such as USD=100000,BTC=10, received "${entry}".`,
      );
    }
    balances[(match[1] as string).toUpperCase()] = match[2] as string;
  }
  return balances;
}
