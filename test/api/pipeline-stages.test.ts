import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Stage {
  id: number;
  name: string;
  position: number;
  probability: number;
  version: number;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);

forEachDialect('pipeline stages API', (db) => {
  let api: TestApi;
  const stages = async (): Promise<Stage[]> => (await api.call('GET', '/api/v1/pipeline-stages')).json().items;

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  describe('the default pipeline', () => {
    it('fills an empty table once with a bilingual pipeline, in board order', async () => {
      expect(await ensureDefaultStages(api.deps)).toBe(6);
      const res = await api.call('GET', '/api/v1/pipeline-stages');
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((s: Stage) => [s.name, s.probability])).toEqual([
        ['Lead 线索', 10],
        ['Qualified 需求确认', 25],
        ['Proposal 方案报价', 50],
        ['Negotiation 谈判', 75],
        ['Won 赢单', 100],
        ['Lost 输单', 0],
      ]);
      expect(await ensureDefaultStages(api.deps)).toBe(0);
      expect(await stages()).toHaveLength(6);
    });
  });

  describe('admin writes', () => {
    it('adds a stage at the end of the board by default, with an ETag', async () => {
      const res = await api.call('POST', '/api/v1/pipeline-stages', { name: '  Contract   合同 ', probability: 90 });
      expect(res.statusCode).toBe(201);
      const stage = res.json();
      expect(stage).toMatchObject({ name: 'Contract 合同', probability: 90, version: 1 });
      expect(res.headers.etag).toBe('"v1"');
      expect(res.headers.location).toBe(`/api/v1/pipeline-stages/${stage.id}`);
      const all = await stages();
      expect(all.at(-1)?.id).toBe(stage.id);
      expect(stage.position).toBeGreaterThan(all.at(-2)!.position);
    });

    it('answers a taken name with 409 on field name, and writes nothing', async () => {
      const before = await stages();
      const res = await api.call('POST', '/api/v1/pipeline-stages', { name: 'Won  赢单', probability: 100 });
      expect(res.statusCode).toBe(409);
      expect(fields(res)).toEqual(['name']);
      expect(await stages()).toEqual(before);
    });

    it.each([
      ['a probability over 100', { name: 'X', probability: 101 }, 'probability'],
      ['a negative probability', { name: 'X', probability: -1 }, 'probability'],
      ['a fractional probability', { name: 'X', probability: 12.5 }, 'probability'],
      ['a negative position', { name: 'X', probability: 10, position: -1 }, 'position'],
      ['a blank name', { name: '   ', probability: 10 }, 'name'],
      ['a missing probability', { name: 'X' }, 'probability'],
      ['an unknown field', { name: 'X', probability: 10, colour: 'red' }, 'colour'],
    ])('answers %s with 400 naming the field, and writes nothing', async (_what, body, field) => {
      const before = await stages();
      const res = await api.call('POST', '/api/v1/pipeline-stages', body);
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toContain(field);
      expect(await stages()).toEqual(before);
    });

    it('moves a stage with If-Match and answers 412 to a stale version', async () => {
      const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Demo 演示', probability: 40 })).json();
      const moved = await api.call('PATCH', `/api/v1/pipeline-stages/${stage.id}`, { position: 15, probability: 30 }, { 'if-match': '"v1"' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ position: 15, probability: 30, version: 2 });
      expect((await stages()).map((s) => s.name).slice(0, 3)).toEqual(['Lead 线索', 'Qualified 需求确认', 'Demo 演示']);
      const stale = await api.call('PATCH', `/api/v1/pipeline-stages/${stage.id}`, { probability: 99 }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await stages()).find((s) => s.id === stage.id)?.probability).toBe(30);
    });

    it('refuses renaming a stage to a name another stage has', async () => {
      const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Pilot 试用', probability: 60 })).json();
      const res = await api.call('PATCH', `/api/v1/pipeline-stages/${stage.id}`, { name: 'Lead 线索' });
      expect(res.statusCode).toBe(409);
      expect(fields(res)).toEqual(['name']);
    });

    it('answers 404 for an unknown stage', async () => {
      expect((await api.call('PATCH', '/api/v1/pipeline-stages/987654', { probability: 5 })).statusCode).toBe(404);
      expect((await api.call('DELETE', '/api/v1/pipeline-stages/987654')).statusCode).toBe(404);
      expect((await api.call('POST', '/api/v1/pipeline-stages/987654/restore')).statusCode).toBe(404);
    });
  });

  describe('deleting and restoring', () => {
    it('refuses to delete a stage open deals use, saying how many, until they close', async () => {
      const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Busy 忙碌', probability: 50 })).json();
      const customer = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Stage User Ltd' })).json();
      const deals = [];
      for (const title of ['One', 'Two']) {
        deals.push((await api.call('POST', '/api/v1/deals', { customerId: customer.id, title, stageId: stage.id })).json());
      }
      const refused = await api.call('DELETE', `/api/v1/pipeline-stages/${stage.id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain('2 open deals');
      expect((await stages()).map((s) => s.id)).toContain(stage.id);

      for (const deal of deals) await api.call('PATCH', `/api/v1/deals/${deal.id}`, { status: 'won' });
      const deleted = await api.call('DELETE', `/api/v1/pipeline-stages/${stage.id}`, undefined, { 'if-match': '"v1"' });
      expect(deleted.statusCode).toBe(204);
      expect((await stages()).map((s) => s.id)).not.toContain(stage.id);
      const bin = (await api.call('GET', '/api/v1/pipeline-stages?includeDeleted=true')).json();
      expect(bin.items.map((s: Stage) => s.id)).toEqual([stage.id]);
    });

    it('answers 412 to a delete with a stale version', async () => {
      const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Stale 过期', probability: 5 })).json();
      await api.call('PATCH', `/api/v1/pipeline-stages/${stage.id}`, { probability: 6 });
      expect((await api.call('DELETE', `/api/v1/pipeline-stages/${stage.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(412);
      expect((await stages()).map((s) => s.id)).toContain(stage.id);
    });

    it('restores a stage, unless a new stage took its name meanwhile', async () => {
      const first = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Trial 试单', probability: 20 })).json();
      await api.call('DELETE', `/api/v1/pipeline-stages/${first.id}`);
      const restored = await api.call('POST', `/api/v1/pipeline-stages/${first.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json().deletedAt).toBeNull();

      await api.call('DELETE', `/api/v1/pipeline-stages/${first.id}`);
      expect((await api.call('POST', '/api/v1/pipeline-stages', { name: 'Trial 试单', probability: 30 })).statusCode).toBe(201);
      const clash = await api.call('POST', `/api/v1/pipeline-stages/${first.id}/restore`);
      expect(clash.statusCode).toBe(409);
      expect(fields(clash)).toEqual(['name']);
    });

    it('leaves an emptied pipeline empty at the next start', async () => {
      for (const stage of await stages()) {
        const res = await api.call('DELETE', `/api/v1/pipeline-stages/${stage.id}`);
        expect(res.statusCode).toBe(204);
      }
      expect(await ensureDefaultStages(api.deps)).toBe(0);
      expect(await stages()).toEqual([]);
    });
  });

  describe('who may change the pipeline', () => {
    it('lets everyone read it but only admins change it', async () => {
      const sales = await api.userToken('sales');
      expect((await api.call('GET', '/api/v1/pipeline-stages', undefined, {}, sales.token)).statusCode).toBe(200);
      const res = await api.call('POST', '/api/v1/pipeline-stages', { name: 'Mine', probability: 10 }, {}, sales.token);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('gives a read-only admin token 403 on every write', async () => {
      const email = `reader-${Date.now()}@example.com`;
      await api.userToken('admin', email);
      const { token } = await createToken(api.deps, { email, scope: 'read' }, null);
      const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Locked 锁定', probability: 10 })).json();
      const before = await stages();
      expect((await api.call('POST', '/api/v1/pipeline-stages', { name: 'Nope', probability: 10 }, {}, token)).statusCode).toBe(403);
      expect((await api.call('PATCH', `/api/v1/pipeline-stages/${stage.id}`, { probability: 11 }, {}, token)).statusCode).toBe(403);
      expect((await api.call('DELETE', `/api/v1/pipeline-stages/${stage.id}`, undefined, {}, token)).statusCode).toBe(403);
      expect((await api.call('POST', `/api/v1/pipeline-stages/${stage.id}/restore`, undefined, {}, token)).statusCode).toBe(403);
      expect(await stages()).toEqual(before);
    });
  });
});
