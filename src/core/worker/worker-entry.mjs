// A worker thread that runs one exported function of a kehu module and posts back its result.
// Plain JavaScript, so it needs no loader itself; it brings tsx in for the TypeScript sources.
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThread } from './job-priority.cjs';

// A job's thread gives way to the server's thread on a busy machine: CPU and disk.
lowerThisThread();

const { module, name, args } = workerData;
try {
  if (module.endsWith('.ts')) (await import('tsx/esm/api')).register();
  const result = await (await import(module))[name](...args);
  parentPort.postMessage({ ok: true, result });
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  // kehu's own errors cross whole (their code says 400 or 409, not 500); others by their message.
  const app = failure.name === 'AppError' ? { code: failure.code, errors: failure.errors, messageCode: failure.messageCode, params: failure.params } : null;
  parentPort.postMessage({ ok: false, message: failure.message, app });
}
