// The sweep's worker threads start here: a worker does not inherit this process's TypeScript
// loader (`node --import tsx`), so it registers tsx itself before loading the worker module.
import { register } from 'tsx/esm/api';

register();
const { default: runSweepTask } = await import('./sweep-worker.ts');
export default runSweepTask;
