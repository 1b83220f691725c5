import type { Deps } from '../context.ts';
import { restoreDeferredIndexes } from './bulk-load.ts';
import { interruptedJobs } from './import-jobs.repository.ts';
import { runImportJob } from './run-import-job.ts';

/**
 * Resumes the imports a crash or restart interrupted, one after another, in the background.
 * Each continues exactly after its last committed row. Failures are recorded on the job. Then
 * builds any indexes a large import deferred and left unbuilt.
 */
export async function resumeInterruptedImports(deps: Deps, log: (line: string) => void = () => undefined): Promise<number[]> {
  const ids = await interruptedJobs(deps);
  void (async () => {
    for (const id of ids) {
      log(`kehu: resuming import ${id}`);
      await runImportJob(deps, id).catch((error: unknown) => log(`kehu: import ${id} did not resume: ${(error as Error).message}`));
    }
    // Indexes a large import deferred and could not build (it failed to, or stopped and was not resumed).
    const outcome = await restoreDeferredIndexes(deps).catch((error: unknown) => ({ built: [], failed: [{ name: '(all)', error: (error as Error).message }] }));
    if (outcome.built.length > 0) log(`kehu: built ${outcome.built.length} indexes a stopped import had deferred`);
    for (const failure of outcome.failed) log(`kehu: could not build deferred index ${failure.name}: ${failure.error}`);
  })();
  return ids;
}
