// The sweep's worker threads start here. The main thread normally hands over the worker module
// compiled to JavaScript (sweep-worker-module.ts); otherwise (a strategy of the user's, which may
// be TypeScript, or no compiler at hand) the thread registers tsx itself — a worker does not
// inherit this process's TypeScript loader (`node --import tsx`) — and loads the sources.
import Tinypool from 'tinypool';

const compiled = Tinypool.workerData?.workerModule;
let workerModule;
if (typeof compiled === 'string') workerModule = await import(compiled);
else {
  const { register } = await import('tsx/esm/api');
  register();
  workerModule = await import('./sweep-worker.ts');
}
export default workerModule.default;
