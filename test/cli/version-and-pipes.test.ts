import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKehu } from '../support/cli.ts';
import { TEST_SECRET_KEY } from '../support/keyring.ts';

const ROOT = join(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('kehu --version and pipes', () => {
  it('prints the version with --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runKehu([flag], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${VERSION}\n`);
    }
  });

  it('ends quietly with exit 0 when the reader of its output goes away (kehu export | head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kehu-pipe-'));
    const env = { KEHU_DATA_DIR: dir, KEHU_SECRET_KEY: TEST_SECRET_KEY };
    try {
      expect((await runKehu(['seed', '--demo'], env)).code).toBe(0);
      const child = spawn(process.execPath, [join(ROOT, 'bin/kehu.js'), 'export'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      // The reader is gone before kehu writes a byte: every write meets a closed pipe (EPIPE).
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toContain('EPIPE');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
