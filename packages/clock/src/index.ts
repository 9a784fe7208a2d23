export {
  type CancelTimer,
  type Clock,
  createSystemClock,
  type SystemClockOptions,
  sleep,
  systemClock,
} from './clock.js';
export { ManualClock } from './manual-clock.js';
