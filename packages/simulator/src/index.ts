export type { Caller, ExchangeApi, ExchangeEvent, Permission } from './exchange/contract.js';
export {
  type FaultOptions,
  type FaultProfileName,
  type FaultStats,
  faultProfiles,
} from './faults.js';
export type { RateLimitSettings, BucketSpec } from './server/rate-limits.js';
export { coinbaseRateLimits } from './server/rate-limits.js';
export {
  type CreateApiKeyOptions,
  type CreatedApiKey,
  type RunningSimulator,
  startSimulator,
} from './simulator.js';
export { InvalidSimulatorOptionError, SimulatorError } from './simulator-errors.js';
export {
  defaultBalances,
  type SimulatorCredentials,
  type SimulatorOptions,
} from './simulator-options.js';
