import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import type { Command } from 'commander';
import { databaseHealth } from '../../core/health/database-health.ts';
import { runMaintenance } from '../../core/health/run-maintenance.ts';
import type { BackupRunShape } from '../../domain/backup.ts';
import { AppError } from '../../domain/errors.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { withDeps } from '../with-deps.ts';

const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const runLine = (run: BackupRunShape | null) => (run ? `${run.startedAt} ${run.status}${run.file ? ` (${run.file})` : ''}${run.error ? `: ${run.error}` : ''}` : 'never');

export function doctorCommand(program: Command, io: CliIo): void {
  program
    .command('doctor')
    .description('the database\u2019s health: size and growth, rows per table, WAL, integrity, last backup and restore test, deferred indexes, slowest routes (exit 5 when something needs attention)')
    .option('--optimize', 'first refresh the planner\u2019s statistics (SQLite PRAGMA optimize, PostgreSQL ANALYZE)')
    .option('--vacuum', 'first give free space back (SQLite VACUUM holds writers until it ends; PostgreSQL VACUUM does not)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { optimize?: boolean; vacuum?: boolean; json?: boolean }) => {
      const report = await withDeps(io, async (deps) => {
        const maintenance = [];
        if (options.optimize) maintenance.push(await runMaintenance({ ...deps, actor: CONSOLE_ACTOR }, 'optimize'));
        if (options.vacuum) maintenance.push(await runMaintenance({ ...deps, actor: CONSOLE_ACTOR }, 'vacuum'));
        return { ...(await databaseHealth(deps)), maintenance };
      });
      const attention = [
        ...(report.integrity.ok ? [] : ['integrity check failed']),
        ...(report.lastBackup?.status === 'failed' ? ['the last backup failed'] : []),
        ...(report.lastRestoreTest?.status === 'failed' ? ['the last restore test failed'] : []),
        ...(report.lastGoodBackup === null ? ['no successful backup yet'] : []),
        ...(report.deferredIndexes.length > 0 ? [`${report.deferredIndexes.length} indexes waiting to be built`] : []),
      ];
      if (options.json) printJson(io, { ...report, attention });
      else {
        for (const m of report.maintenance) print(io, `${m.action}: ${mb(m.beforeBytes)} → ${mb(m.afterBytes)} in ${m.seconds.toFixed(1)} s`);
        print(io, `database      ${report.dialect}, ${mb(report.databaseBytes)}${report.walBytes !== null ? ` (+ WAL ${mb(report.walBytes)})` : ''}${report.growthBytesPerDay !== null ? `, growing ${mb(report.growthBytesPerDay)}/day` : ''}`);
        print(io, `integrity     ${report.integrity.ok ? 'ok' : report.integrity.problems.join('; ')}`);
        print(io, `last backup   ${runLine(report.lastBackup)}`);
        if (report.lastBackup?.status !== 'ok') print(io, `  last good   ${runLine(report.lastGoodBackup)}`);
        print(io, `restore test  ${runLine(report.lastRestoreTest)}`);
        if (report.lastRestoreTest?.status !== 'ok') print(io, `  last good   ${runLine(report.lastGoodRestoreTest)}`);
        print(io, `deferred indexes waiting: ${report.deferredIndexes.length === 0 ? 'none' : report.deferredIndexes.map((d) => `${d.name} (since ${d.since})`).join(', ')}`);
        print(io, 'rows per table:');
        for (const t of report.tables) print(io, `  ${t.name.padEnd(26)} ${t.rows}`);
        print(io, report.slowRoutes.length === 0 ? 'slowest routes (last day): no requests recorded' : 'slowest routes (last day, p95):');
        for (const r of report.slowRoutes) print(io, `  ${`${r.method} ${r.route}`.padEnd(48)} p95 ≤ ${r.p95Ms} ms, max ${r.maxMs} ms, ${r.count} requests${r.errors ? `, ${r.errors} errors` : ''}`);
      }
      if (attention.length > 0) throw new AppError('conflict', { message: `needs attention: ${attention.join('; ')}` });
    });
}
