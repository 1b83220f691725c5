import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import type { Ctx } from '../../src/core/context.ts';
import { bulkInsertCustomers } from '../../src/core/customers/bulk-insert-customers.ts';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { uploader } from '../support/uploads.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-uploads-'));

const csv = (text: string, name = 'pipeline.csv') => ({ name, bytes: Buffer.from(text, 'utf8') });

interface HistoryEntry {
  action: string;
  entity: string;
  entityId: number | null;
  changes: Record<string, [unknown, unknown]>;
}

// Manual entry, the import and the bulk path write customers with the same rules, and every
// record they write names where it came from in its history.
forEachDialect('one pipeline for writing customers', (db) => {
  let api: TestApi;
  const files = uploader(() => api);
  let repA: { token: string; userId: number };
  let repB: { token: string; userId: number };
  const repBEmail = `pipeline-rep-b-${Date.now()}@example.com`;

  beforeAll(async () => {
    api = await createTestApi(db());
    repA = await api.userToken('sales');
    repB = await api.userToken('sales', repBEmail);
  });

  const ctxOf = (userId: number, role: 'admin' | 'sales'): Ctx => ({ ...api.deps, actor: { userId, role, teamId: null, canWrite: true } });
  const named = async (q: string, token = api.token) => (await api.call('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`, undefined, {}, token)).json().items as Array<{ id: number; name: string; ownerId: number | null; idNumber: string | null }>;
  const history = async (id: number): Promise<HistoryEntry[]> => (await api.call('GET', `/api/v1/customers/${id}/history?limit=100`)).json().items;

  describe('an import that brings an ID number to an existing customer', () => {
    let customerId: number;
    let jobId: number;

    beforeAll(async () => {
      const made = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '身份导入', phones: [{ value: '13822220001' }], idNumber: '110101199003078515' });
      expect(made.statusCode, made.body).toBe(201);
      customerId = made.json().id;
      const job = await files.imported(csv('客户名称,手机,身份证号\n身份导入,13822220001,11010519491231002X\n'), { onDuplicate: 'update', updateMode: 'overwrite' });
      expect(job).toMatchObject({ status: 'done', counts: { created: 0, updated: 1, skipped: 0, invalid: 0 } });
      jobId = job.id;
    });

    it('stores it sealed, answers it masked, and an admin reveals it', async () => {
      const customer = (await api.call('GET', `/api/v1/customers/${customerId}`)).json();
      expect(customer.idNumber).toBe('1101**********002X');
      const stored = await api.deps.db.selectFrom('customers').select(['id_number_enc']).where('id', '=', customerId).executeTakeFirstOrThrow();
      expect(stored.id_number_enc).not.toContain('11010519491231002X');
      expect((await api.call('GET', `/api/v1/customers/${customerId}/sensitive`)).json().idNumber).toBe('11010519491231002X');
    });

    it('shows the update in the customer’s history as made by the import, row 2', async () => {
      const update = (await history(customerId)).find((e) => e.action === 'update' && e.entity === 'customer');
      expect(update?.changes).toMatchObject({ importJob: [null, jobId], row: [null, 2], idNumber: expect.any(Array) });
    });

    it('a revert puts the earlier ID number back', async () => {
      const res = await api.call('POST', `/api/v1/imports/${jobId}/revert`);
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect((await api.call('GET', `/api/v1/customers/${customerId}/sensitive`)).json().idNumber).toBe('110101199003078515');
      const reverted = (await history(customerId)).find((e) => e.action === 'update' && e.changes.revertedImport !== undefined);
      expect(reverted?.changes.revertedImport).toEqual([null, jobId]);
    });
  });

  it('names the import and the row in the history of each customer and contact it creates', async () => {
    const job = await files.imported(csv('Name,Mobile\nHistory One,13822220011\nHistory Two,13822220012\n'));
    expect(job.counts).toMatchObject({ created: 2 });
    const [two] = await named('History Two');
    const created = (await history(two!.id)).filter((e) => e.action === 'create');
    expect(created).toEqual([expect.objectContaining({ entity: 'customer', entityId: two!.id, changes: { importJob: [null, job.id], row: [null, 3] } })]);
    const contacts = await files.imported(csv('姓名,公司,手机\n历史联系人,History Two,13822220013\n'), { type: 'contacts' });
    expect(contacts.counts).toMatchObject({ created: 1 });
    const contact = (await history(two!.id)).find((e) => e.entity === 'contact' && e.action === 'create');
    expect(contact?.changes).toMatchObject({ importJob: [null, contacts.id], row: [null, 2], name: [null, '历史联系人'] });
    expect((await verifyAudit(api.deps)).ok).toBe(true);
  });

  it('refuses a row that hands a rep’s import to another rep, at its owner column, and writes nothing of it', async () => {
    const job = await files.imported(csv(`Name,Owner\nOwner Rule One,${repBEmail}\nOwner Rule Two,\n`), {}, repA.token);
    expect(job.counts).toMatchObject({ created: 1, invalid: 1 });
    expect(job.errors).toEqual([expect.objectContaining({ row: 2, column: 'Owner', reason: expect.stringMatching(/manager or an admin/) })]);
    expect(await named('Owner Rule One')).toEqual([]);
    expect((await named('Owner Rule Two', repA.token)).map((c) => c.ownerId)).toEqual([repA.userId]);
  });

  describe('a row whose phone is another rep’s customer (撞单)', () => {
    const file = csv('Name,Mobile\nTaken Try,13822220099\n', 'taken.csv');
    const dryRun = async (fields: Record<string, string> = {}) => {
      const res = await files.upload('/api/v1/imports', file, { dryRun: 'true', ...fields }, repB.token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    let hisId: number;

    beforeAll(async () => {
      const made = await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Taken Secret Name', phones: [{ value: '138 2222 0099' }] }, {}, repA.token);
      expect(made.statusCode, made.body).toBe(201);
      hisId = made.json().id;
    });

    it('by default tells the other rep nothing: the dry run plans a new customer of theirs, skip or update alike', async () => {
      for (const onDuplicate of ['skip', 'update']) {
        const report = await dryRun({ onDuplicate });
        expect(report.counts).toEqual({ created: 1, updated: 0, skipped: 0, invalid: 0 });
        expect(report.errors).toEqual([]);
      }
      expect((await api.call('GET', `/api/v1/customers/${hisId}`, undefined, {}, repB.token)).statusCode).toBe(404);
    });

    it('with the admin’s rule on, refuses the row saying only that it is someone else’s', async () => {
      const on = await api.call('PATCH', '/api/v1/settings/pool', { tellRepsWhenTaken: true });
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json().tellRepsWhenTaken).toBe(true);
      try {
        const report = await dryRun({ onDuplicate: 'update' });
        expect(report.counts).toEqual({ created: 0, updated: 0, skipped: 0, invalid: 1 });
        expect(report.errors).toEqual([expect.objectContaining({ row: 2, reason: "already another rep's customer (撞单); ask a manager or an admin", code: 'import.taken_customer' })]);
        // the wizard and the error file say it in the importer's language from the code
        expect(formatMessage('zh', report.errors[0].code)).toBe('已是其他销售的客户（撞单），请联系经理或管理员');
        const said = JSON.stringify(report);
        expect(said).not.toContain('Taken Secret Name');
      } finally {
        await api.call('PATCH', '/api/v1/settings/pool', { tellRepsWhenTaken: false });
      }
    });
  });

  describe('the bulk path', () => {
    it('refuses a rep’s rows that name another owner, row by row', async () => {
      const result = await bulkInsertCustomers(ctxOf(repA.userId, 'sales'), [
        { kind: 'person', name: 'Bulk Owner Mine' },
        { kind: 'person', name: 'Bulk Owner Theirs', ownerId: repB.userId },
      ]);
      expect(result).toMatchObject({ inserted: 1, invalid: 1, errors: [{ row: 1, field: 'ownerId', message: expect.stringMatching(/manager or an admin/) }] });
      expect(await named('Bulk Owner Theirs')).toEqual([]);
    });

    it('keeps the holding limit: nothing is written past it', async () => {
      await api.call('PATCH', '/api/v1/settings/pool', { maxCustomersPerRep: 3 });
      try {
        const rows = ['Bulk Limit One', 'Bulk Limit Two', 'Bulk Limit Three'].map((name) => ({ kind: 'person' as const, name }));
        await expect(bulkInsertCustomers(ctxOf(repA.userId, 'sales'), rows)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/the limit is 3/) });
        expect(await named('Bulk Limit')).toEqual([]);
      } finally {
        await api.call('PATCH', '/api/v1/settings/pool', { maxCustomersPerRep: null });
      }
    });

    it('seals the ID number and writes each new customer into its own history', async () => {
      const admin = await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
      const result = await bulkInsertCustomers(ctxOf(admin.id, 'admin'), [
        { kind: 'person', name: 'Bulk History One' },
        { kind: 'person', name: 'Bulk History Two', idNumber: '11010519491231002X' },
      ]);
      expect(result).toMatchObject({ inserted: 2, invalid: 0 });
      const [two] = await named('Bulk History Two');
      expect(two?.idNumber).toBe('1101**********002X');
      expect((await api.call('GET', `/api/v1/customers/${two!.id}/sensitive`)).json().idNumber).toBe('11010519491231002X');
      expect((await history(two!.id)).filter((e) => e.action === 'create')).toEqual([expect.objectContaining({ entity: 'customer', entityId: two!.id, changes: { row: [null, 1] } })]);
      expect((await verifyAudit(api.deps)).ok).toBe(true);
    });
  });
});
