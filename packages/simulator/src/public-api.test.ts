import { describe, expect, it } from 'vitest';
import * as simulator from './index.js';

// The public runtime surface changes only on purpose: update this list in the same commit.
describe('public API', () => {
  it('exports exactly these runtime names', () => {
    expect(Object.keys(simulator).sort()).toEqual([
      'CANCEL_REASON',
      'DEFAULT_FEE_RATES',
      'DEFAULT_PRODUCTS',
      'ExchangeListenerError',
      'InvalidSimulatorOptionError',
      'MatchingEngine',
      'NO_FUNDS',
      'SimulatedExchange',
      'SimulatorError',
      'SyntheticMarket',
      'UNLIMITED_SIZE',
      'coinbaseRateLimits',
      'createExchange',
      'defaultBalances',
      'faultProfiles',
      'startSimulator',
    ]);
  });

  it('reports invalid options with a typed error naming the option', async () => {
    await expect(simulator.startSimulator({ port: -1 })).rejects.toThrow(
      simulator.InvalidSimulatorOptionError,
    );
    await expect(simulator.startSimulator({ faults: { serverErrorRate: 3 } })).rejects.toThrow(
      /faults.serverErrorRate/,
    );
    await expect(
      simulator.startSimulator({ credentials: { apiKey: 'k', apiSecret: 'not base64!', passphrase: '' } }),
    ).rejects.toMatchObject({ code: 'invalid_simulator_option', option: 'credentials.apiSecret' });
    await expect(simulator.startSimulator({ balances: { USD: '-5' } })).rejects.toThrow(/balances.USD/);
  });
});
