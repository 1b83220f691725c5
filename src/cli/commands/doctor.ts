import { CONSOLE_ACTOR } from '../../core/access/console-actor.ts';
import type { Command } from 'commander';
import { databaseHealth } from '../../core/health/database-health.ts';
import { runMaintenance } from '../../core/health/run-maintenance.ts';
import type { BackupRunShape } from '../../domain/backup.ts';
import { codedError } from '../../domain/errors.ts';
import { formatMessage, nestedReasons, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import { runError } from '../backup-words.ts';
import { say } from '../cli-words.ts';
import { print, printJson, type CliIo } from '../io.ts';
import { displayWidth } from '../table.ts';
import { withDeps } from '../with-deps.ts';

const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const runLine = (io: CliIo, run: BackupRunShape | null) =>
  run ? `${run.startedAt} ${say(io, run.status === 'ok' ? 'ok' : run.status === 'failed' ? 'failed' : 'running')}${run.file ? ` (${run.file})` : ''}${run.error ? `${io.language === 'zh' ? '：' : ': '}${runError(io, run)}` : ''}` : say(io, 'never');

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
      const problems: Array<{ field: string; code: MessageCode; params?: MessageParams; message: string }> = [
        ...(report.integrity.ok ? [] : [{ field: 'row', code: 'health.integrity_failed' as const }]),
        ...(report.lastBackup?.status === 'failed' ? [{ field: 'row', code: 'health.last_backup_failed' as const }] : []),
        ...(report.lastRestoreTest?.status === 'failed' ? [{ field: 'row', code: 'health.last_restore_test_failed' as const }] : []),
        ...(report.lastGoodBackup === null ? [{ field: 'row', code: 'health.no_good_backup' as const }] : []),
        ...(report.deferredIndexes.length > 0 ? [{ field: 'row', code: 'health.indexes_waiting' as const, params: { n: report.deferredIndexes.length } }] : []),
      ].map((p: { field: string; code: MessageCode; params?: MessageParams }) => ({ ...p, message: formatMessage('en', p.code, p.params) ?? p.code }));
      // --json keeps the English list scripts read; the refusal says it in the CLI's language
      const attention = problems.map((p) => p.message);
      if (options.json) printJson(io, { ...report, attention });
      else {
        for (const m of report.maintenance) print(io, say(io, '{{action}}: {{before}} → {{after}} in {{seconds}} s', { action: m.action, before: mb(m.beforeBytes), after: mb(m.afterBytes), seconds: m.seconds.toFixed(1) }));
        const wal = report.walBytes !== null ? say(io, ' (+ WAL {{size}})', { size: mb(report.walBytes) }) : '';
        const growth = report.growthBytesPerDay !== null ? say(io, ', growing {{size}}/day', { size: mb(report.growthBytesPerDay) }) : '';
        const label = (text: string, width = 14) => text + ' '.repeat(Math.max(1, width - displayWidth(text)));
        print(io, `${label(say(io, 'database'))}${report.dialect}, ${mb(report.databaseBytes)}${wal}${growth}`);
        print(io, `${label(say(io, 'integrity'))}${report.integrity.ok ? say(io, 'ok') : report.integrity.problems.join('; ')}`);
        print(io, `${label(say(io, 'last backup'))}${runLine(io, report.lastBackup)}`);
        if (report.lastBackup?.status !== 'ok') print(io, `  ${label(say(io, 'last good'), 12)}${runLine(io, report.lastGoodBackup)}`);
        print(io, `${label(say(io, 'restore test'))}${runLine(io, report.lastRestoreTest)}`);
        if (report.lastRestoreTest?.status !== 'ok') print(io, `  ${label(say(io, 'last good'), 12)}${runLine(io, report.lastGoodRestoreTest)}`);
        const deferred = report.deferredIndexes.map((d) => say(io, '{{name}} (since {{since}})', { name: d.name, since: d.since })).join(', ');
        print(io, say(io, 'deferred indexes waiting: {{indexes}}', { indexes: deferred || say(io, 'none') }));
        print(io, say(io, 'rows per table:'));
        for (const t of report.tables) print(io, `  ${t.name.padEnd(26)} ${t.rows}`);
        print(io, report.slowRoutes.length === 0 ? say(io, 'slowest routes (last day): no requests recorded') : say(io, 'slowest routes (last day, p95):'));
        for (const r of report.slowRoutes) {
          const params = { p95: r.p95Ms ?? '-', max: r.maxMs, count: r.count, errors: r.errors };
          print(io, `  ${`${r.method} ${r.route}`.padEnd(48)} ${r.errors ? say(io, 'p95 ≤ {{p95}} ms, max {{max}} ms, {{count}} requests, {{errors}} errors', params) : say(io, 'p95 ≤ {{p95}} ms, max {{max}} ms, {{count}} requests', params)}`);
        }
      }
      if (problems.length > 0) throw codedError('conflict', 'health.needs_attention', nestedReasons(problems));
    });
}
