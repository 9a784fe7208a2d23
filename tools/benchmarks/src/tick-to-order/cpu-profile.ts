/**
 * A V8 CPU profile of the armed windows of a tick-to-order client (the reactions, not the
 * start-up), written through `node:inspector` in the client's own process: one
 * `round-<n>.cpuprofile` per armed window, readable by Chrome DevTools or `profile-summary.ts`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/** Sampling interval: 100 µs resolves the parts of a reaction of about a millisecond. */
const SAMPLING_INTERVAL_MICROSECONDS = 100;

/** Returns what to call on each arm message: profiling runs from the first arm to the disarm. */
export function profileArmedWindows(folder: string): (armed: boolean) => void {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_MICROSECONDS });
  let profiling = false;
  let round = 0;
  return (armed) => {
    if (armed && !profiling) {
      profiling = true;
      session.post('Profiler.start');
    } else if (!armed && profiling) {
      profiling = false;
      round += 1;
      const file = join(folder, `round-${round}.cpuprofile`);
      session.post('Profiler.stop', (error, result) => {
        if (error) console.error(`tick-to-order: the CPU profile could not be taken: ${error.message}`);
        else writeFileSync(file, JSON.stringify(result.profile));
      });
    }
  };
}
