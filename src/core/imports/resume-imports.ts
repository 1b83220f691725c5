import type { Deps } from '../context.ts';
import { interruptedJobs } from './import-jobs.repository.ts';
import { runImportJob } from './run-import-job.ts';

/**
 * Resumes the imports a crash or restart interrupted, one after another, in the background.
 * Each continues exactly after its last committed row. Failures are recorded on the job.
 */
export async function resumeInterruptedImports(deps: Deps, log: (line: string) => void = () => undefined): Promise<number[]> {
  const ids = await interruptedJobs(deps);
  void (async () => {
    for (const id of ids) {
      log(`kehu: resuming import ${id}`);
      await runImportJob(deps, id).catch((error: unknown) => log(`kehu: import ${id} did not resume: ${(error as Error).message}`));
    }
  })();
  return ids;
}
