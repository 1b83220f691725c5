import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const hasIonice = (() => {
  try {
    execFileSync('ionice', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs lowerThisThread in a worker and reads back that thread's nice value and I/O class. */
function priorityOfAJobThread(): Promise<{ nice: number; io: string; serverIo: string }> {
  const code = `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.module).lowerThisThread();
const thread = require('node:fs').readlinkSync('/proc/thread-self').split('/').pop();
parentPort.postMessage({ nice: require('node:os').getPriority(Number(thread)), io: require('node:child_process').execFileSync('ionice', ['-p', thread]).toString().trim() });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { module: new URL('./job-priority.cjs', import.meta.url).pathname } });
    worker.once('message', (reply: { nice: number; io: string }) => resolve({ ...reply, serverIo: execFileSync('ionice', ['-p', String(process.pid)]).toString().trim() }));
    worker.once('error', reject);
  });
}

describe('a job thread', () => {
  it.runIf(process.platform === 'linux' && hasIonice)('runs at nice 10 and in the idle I/O class, and leaves the server thread as it was', async () => {
    const { nice, io, serverIo } = await priorityOfAJobThread();
    expect(nice).toBe(10);
    expect(io).toBe('idle');
    expect(serverIo).not.toBe('idle');
  });
});
