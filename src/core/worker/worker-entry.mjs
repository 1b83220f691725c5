// A worker thread that runs one exported function of a kehu module and posts back its result.
// Plain JavaScript, so it needs no loader itself; it brings tsx in for the TypeScript sources.
import { parentPort, workerData } from 'node:worker_threads';

const { module, name, args } = workerData;
try {
  if (module.endsWith('.ts')) (await import('tsx/esm/api')).register();
  const result = await (await import(module))[name](...args);
  parentPort.postMessage({ ok: true, result });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
