// A worker thread starts without the TypeScript loader the main thread has: register it, then run the worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
