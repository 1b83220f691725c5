import { expect, it } from 'vitest';
import { cliEnv, runKehu } from '../support/cli.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('kehu settings time-zone', (db) => {
  const kehu = (argv: string[]) => runKehu(argv, cliEnv(db()));

  it('shows UTC+8 until it is set, in English and in Chinese', async () => {
    const run = await kehu(['settings', 'time-zone']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('workspace time zone: UTC+8 (480 minutes east of UTC)');
    expect(run.stdout).toContain('never set: UTC+8 by default');
    const zh = await kehu(['--lang', 'zh', 'settings', 'time-zone']);
    expect(zh.stdout).toContain('工作区时区：UTC+8（UTC 以东 480 分钟）');
  });

  it('sets an offset as people write it, or a zone, and audits it as the console', async () => {
    const offset = await kehu(['settings', 'time-zone', '--set', '-05:00', '--json']);
    expect(offset.code, offset.stderr).toBe(0);
    expect(JSON.parse(offset.stdout)).toMatchObject({ utcOffset: -300, timeZone: null, isDefault: false, updatedBy: null });
    expect((await kehu(['settings', 'time-zone'])).stdout).toContain('last changed');

    const zone = await kehu(['settings', 'time-zone', '--set', 'Europe/Berlin', '--json']);
    expect(zone.code, zone.stderr).toBe(0);
    const berlin = JSON.parse(zone.stdout);
    expect(berlin.timeZone).toBe('Europe/Berlin');
    expect([60, 120]).toContain(berlin.utcOffset);

    expect(JSON.parse((await kehu(['settings', 'time-zone', '--set', 'UTC+5:30', '--json'])).stdout)).toMatchObject({ utcOffset: 330, timeZone: null });
    const audit = await db().db.selectFrom('audit_log').select(['entity', 'changes']).where('entity', '=', 'workspace_time').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(db().dialect.parseJson(audit.changes)).toMatchObject({ utcOffset: [berlin.utcOffset, 330], timeZone: ['Europe/Berlin', null] });
    await kehu(['settings', 'time-zone', '--set', '+08:00']);
  });

  it('refuses a value that is neither an offset nor a zone, naming --set, and changes nothing', async () => {
    for (const value of ['8', '+8:10', '+15:00', 'Mars/Olympus_Mons', 'tomorrow']) {
      const run = await kehu(['settings', 'time-zone', '--set', value]);
      expect(run.code, value).toBe(2);
      expect(run.stderr, value).toContain('--set');
    }
    const zh = await kehu(['--lang', 'zh', 'settings', 'time-zone', '--set', '+8:10']);
    expect(zh.stderr).toContain('必须是时差');
    expect(JSON.parse((await kehu(['settings', 'time-zone', '--json'])).stdout)).toMatchObject({ utcOffset: 480 });
  });
});
