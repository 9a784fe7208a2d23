import { availableParallelism, loadavg } from 'node:os';

/** The 1-, 5- and 15-minute load averages, for a row's note (a shared machine's load slows every figure). */
export const loadAverage = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')} on ${availableParallelism()} cores`;
