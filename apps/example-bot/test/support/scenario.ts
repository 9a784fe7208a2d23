/**
 * One end-to-end scenario: a simulator started by the test (as a user would start
 * `tradeloop-sim`), the bot started as a separate process pointed at it through
 * COINBASE_REST_URL / COINBASE_WS_URL and the simulator's credentials, and the files it writes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FaultOptions,
  type FaultProfileName,
  type RunningSimulator,
  startSimulator,
} from '@tradeloop/simulator';
import type { RunSummary } from '../../src/output/summary.js';
import { BotProcess } from './bot-process.js';

/** The Coinbase API a scenario's bot speaks to the simulator. */
export type ScenarioApi = 'exchange' | 'advanced-trade';

/** Both APIs, for tests that must hold on either. */
export const APIS: readonly ScenarioApi[] = ['exchange', 'advanced-trade'];

/** A simulator and a scratch folder for one test. */
export class Scenario {
  readonly simulator: RunningSimulator;
  readonly directory: string;
  readonly api: ScenarioApi;

  private constructor(simulator: RunningSimulator, directory: string, api: ScenarioApi) {
    this.simulator = simulator;
    this.directory = directory;
    this.api = api;
  }

  /** Starts a fast market (so a short run sees plenty of fills) with the given faults. */
  static async start(options: {
    seed: number;
    faults?: FaultProfileName | FaultOptions;
    api?: ScenarioApi;
  }): Promise<Scenario> {
    const simulator = await startSimulator({
      port: 0,
      seed: options.seed,
      faults: options.faults ?? 'none',
      market: { enabled: true, speed: 4 },
    });
    return new Scenario(
      simulator,
      await mkdtemp(join(tmpdir(), 'example-bot-e2e-')),
      options.api ?? 'exchange',
    );
  }

  /** Secret values the bot must never print. */
  get secrets(): string[] {
    if (this.api === 'exchange')
      return [this.simulator.credentials.apiSecret, this.simulator.credentials.passphrase];
    // The PEM's body lines: a leak of any of them gives the key away.
    return this.simulator.advancedTrade.privateKey
      .split('\n')
      .filter((line) => line.length > 16 && !line.startsWith('-----'));
  }

  /** The environment that points the bot at this simulator, through the scenario's API. */
  get env(): Record<string, string> {
    if (this.api === 'advanced-trade') {
      const access = this.simulator.advancedTrade;
      return {
        COINBASE_API_KEY: access.keyName,
        // As a .env file holds it: one line, literal \n.
        COINBASE_API_SECRET: access.privateKey.trim().replaceAll('\n', '\\n'),
        COINBASE_REST_URL: access.restUrl,
        COINBASE_WS_URL: access.wsUrl,
        COINBASE_USER_WS_URL: access.userWsUrl,
      };
    }
    return {
      COINBASE_API_KEY: this.simulator.credentials.apiKey,
      COINBASE_API_SECRET: this.simulator.credentials.apiSecret,
      COINBASE_API_PASSPHRASE: this.simulator.credentials.passphrase,
      COINBASE_REST_URL: this.simulator.restUrl,
      COINBASE_WS_URL: this.simulator.wsUrl,
    };
  }

  get summaryPath(): string {
    return join(this.directory, 'summary.json');
  }

  get journalPath(): string {
    return join(this.directory, 'journal.jsonl');
  }

  /**
   * Starts the market maker quoting inside the background market's spread (so takers trade with
   * it at once), JSON lines on stdout, the summary and the journal in the scratch folder.
   */
  startBot(durationSeconds: number, extraArgs: readonly string[] = []): BotProcess {
    return new BotProcess(
      [
        '--duration',
        String(durationSeconds),
        '--summary-json',
        this.summaryPath,
        '--journal',
        this.journalPath,
        '--log-format',
        'json',
        '--status-interval',
        '1',
        '--param',
        'spread=0.00002',
        '--param',
        'refreshMs=250',
        '--param',
        'requoteThreshold=0.00001',
        ...extraArgs,
      ],
      this.env,
    );
  }

  async summary(): Promise<RunSummary> {
    return JSON.parse(await readFile(this.summaryPath, 'utf8')) as RunSummary;
  }

  async stop(): Promise<void> {
    await this.simulator.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}
