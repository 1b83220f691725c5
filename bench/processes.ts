import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const children = new Set<ChildProcess>();

function stopAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** Children die with the bench, however it ends. */
export function killChildrenOnExit(): void {
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAll();
      process.exit(130);
    });
  }
}

export interface Started {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server process and waits for the line announcing its URL (they listen on port 0,
 * so there is no race for a free port). Its other output is passed on to stderr.
 */
export function startProcess(label: string, args: string[], env: Record<string, string>, urlLine: RegExp): Promise<Started> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${label} exited with code ${code} before it was ready`)));
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => {
        const url = urlLine.exec(line)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve({ url, child, stop });
        } else {
          process.stderr.write(`  [${label}] ${line}\n`);
        }
      });
    }
  });
}
