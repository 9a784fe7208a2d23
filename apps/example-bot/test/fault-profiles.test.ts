import type { FaultProfileName, FaultStats } from '@tradeloop/simulator';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/output/summary.js';
import { Scenario, type ScenarioApi } from './support/scenario.js';
import { expectSummaryMatchesSimulator, readSimulatorRecords } from './support/simulator-records.js';

/** What each profile must have done to the run, so a test cannot pass without meeting its fault. */
const exchangeProfiles: Array<{
  profile: FaultProfileName;
  injected: (stats: FaultStats) => number;
  noticed?: (summary: RunSummary) => number;
}> = [
  {
    profile: 'flaky-connections',
    injected: (stats) => stats.droppedConnections,
    noticed: (summary) => summary.reconnects,
  },
  {
    profile: 'gaps',
    // Not asserted as noticed: a lost l2update carries no sequence number, so a book can only
    // find out when it disagrees with the ticker, which a short run may never show.
    injected: (stats) => stats.skippedSequences + stats.droppedL2Updates,
  },
  { profile: 'server-errors', injected: (stats) => stats.serverErrors + stats.rateLimitErrors },
  { profile: 'lost-responses', injected: (stats) => stats.lostOrderResponses },
];

/**
 * On Advanced Trade the simulator applies every profile too (one REST pipeline and one WebSocket
 * handling for both protocols): dropped connections on both AT endpoints, lost `l2_data` updates
 * (a `sequence_num` gap, always noticed there), 5xx/429 bursts and lost order responses on
 * `/api/v3/brokerage`.
 */
const advancedTradeProfiles = exchangeProfiles.map((entry) =>
  entry.profile === 'gaps' ? { ...entry, noticed: (summary: RunSummary) => summary.totals.gaps } : entry,
);

const profiles: Array<(typeof exchangeProfiles)[number] & { api: ScenarioApi }> = [
  ...exchangeProfiles.map((entry) => ({ ...entry, api: 'exchange' as const })),
  ...advancedTradeProfiles.map((entry) => ({ ...entry, api: 'advanced-trade' as const })),
];

describe('the bot under the simulator’s fault profiles', () => {
  it.concurrent.each(profiles)(
    '$profile through $api: the run ends cleanly and the summary still agrees with the exchange',
    async ({ profile, injected, noticed, api }) => {
      const scenario = await Scenario.start({ seed: 23, faults: profile, api });
      try {
        const bot = scenario.startBot(6);
        const exit = await bot.exit(55_000);
        expect(exit.exitCode, exit.stderr).toBe(0);
        expect(exit.stderr).toBe('');
        expect(injected(scenario.simulator.faultStats()), `no ${profile} fault was injected`).toBeGreaterThan(
          0,
        );

        const summary = await scenario.summary();
        if (noticed !== undefined) expect(noticed(summary)).toBeGreaterThan(0);
        expect(summary.fills.length).toBeGreaterThan(0);
        expectSummaryMatchesSimulator(
          summary,
          readSimulatorRecords(scenario.simulator, scenario.simulator.profileId, ['BTC-USD']),
        );
      } finally {
        await scenario.stop();
      }
    },
    60_000,
  );
});
