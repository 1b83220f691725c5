import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/domain/messages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}
interface Problem {
  status: number;
  detail: string;
  code?: string;
  params?: Record<string, string | number>;
  errors?: FieldProblem[];
}

/** What a Chinese reader is shown for a field error: its code in Chinese, else the English message. */
const inChinese = (error: FieldProblem) => (error.code ? formatMessage('zh', error.code, error.params) : null) ?? error.message;

forEachDialect('error messages carry a code and parameters', (db) => {
  let api: TestApi;
  let customerId: number;
  beforeAll(async () => {
    api = await createTestApi(db());
    customerId = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '上海云帆贸易有限公司' })).json().id;
  });

  const problem = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers?: Record<string, string>, token?: string): Promise<Problem> => {
    const res = await api.call(method, url, body, headers, token);
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    return res.json();
  };
  const fieldError = (p: Problem, field: string) => {
    const error = p.errors?.find((e) => e.field === field);
    expect(error, JSON.stringify(p)).toBeDefined();
    return error as FieldProblem;
  };

  it('a bad phone: its code and the typed value, the English message kept, and the same in Chinese', async () => {
    const short = await problem('POST', '/api/v1/customers', { kind: 'person', name: '张伟', phones: [{ value: '12345' }] });
    const error = fieldError(short, 'phones[0].value');
    expect(error).toEqual({ field: 'phones[0].value', message: 'too short: "12345"', code: 'phone.too_short', params: { value: '12345' } });
    expect(inChinese(error)).toBe('号码太短："12345"');

    const wrong = await problem('PATCH', `/api/v1/customers/${customerId}`, { phones: [{ value: '1234567890' }] });
    const regional = fieldError(wrong, 'phones[0].value');
    expect(regional).toMatchObject({ message: 'not a valid phone number for region CN: "1234567890"', code: 'phone.invalid_region', params: { region: 'CN', value: '1234567890' } });
    expect(inChinese(regional)).toBe('不是有效的中国电话号码："1234567890"');
    expect(formatMessage('en', regional.code!, regional.params)).toBe(regional.message);
  });

  it('a bad email address', async () => {
    const p = await problem('POST', '/api/v1/contacts', { customerId, name: '李娜', emails: [{ value: 'li.na@' }] });
    const error = fieldError(p, 'emails[0].value');
    expect(error).toMatchObject({ code: 'email.no_domain', params: { value: 'li.na@' } });
    expect(inChinese(error)).toBe('@ 后面没有内容："li.na@"');
  });

  it('required, length, enum and date fields, and the problem as a whole', async () => {
    const missing = await problem('POST', '/api/v1/customers', { kind: 'company' });
    expect(fieldError(missing, 'name')).toMatchObject({ code: 'field.required' });
    expect(missing).toMatchObject({ code: 'request.invalid', params: { where: 'request body', field: 'name', message: 'is required' } });
    expect(inChinese(fieldError(missing, 'name'))).toBe('必填');

    const long = await problem('POST', '/api/v1/customers', { kind: 'company', name: '长'.repeat(201) });
    expect(fieldError(long, 'name')).toMatchObject({ code: 'field.too_long', params: { limit: 200 } });
    expect(inChinese(fieldError(long, 'name'))).toBe('最多 200 个字符');

    const empty = await problem('POST', '/api/v1/customers', { kind: 'company', name: '' });
    expect(inChinese(fieldError(empty, 'name'))).toBe('不能为空');
    const blank = await problem('POST', '/api/v1/customers', { kind: 'company', name: '   ' });
    expect(fieldError(blank, 'name')).toMatchObject({ message: 'must not be blank', code: 'field.empty' });

    const stage = await problem('POST', '/api/v1/customers', { kind: 'company', name: 'X', stage: 'won' });
    expect(fieldError(stage, 'stage')).toMatchObject({ code: 'field.one_of', params: { values: 'lead, prospect, customer, churned, lost' } });

    const unknown = await problem('POST', '/api/v1/customers', { kind: 'company', name: 'X', colour: 'red' });
    expect(fieldError(unknown, 'colour')).toMatchObject({ code: 'field.unknown' });

    const date = await problem('POST', '/api/v1/deals', { customerId, title: '年度合同', expectedClose: '2026-02-30' });
    expect(fieldError(date, 'expectedClose')).toMatchObject({ code: 'field.date' });
    expect(inChinese(fieldError(date, 'expectedClose'))).toContain('不是有效的日期');

    const since = await problem('GET', '/api/v1/customers?createdFrom=yesterday');
    expect(fieldError(since, 'createdFrom')).toMatchObject({ code: 'field.date_time' });
  });

  it('a name already taken', async () => {
    expect((await api.call('POST', '/api/v1/tags', { name: '重点客户' })).statusCode).toBe(201);
    const p = await problem('POST', '/api/v1/tags', { name: '重点客户' });
    expect(p.status).toBe(409);
    expect(inChinese(fieldError(p, 'name'))).toBe('已被占用');
  });

  it('404, 403 and 412 name the record', async () => {
    const missing = await problem('GET', '/api/v1/customers/987654');
    expect(missing).toMatchObject({ status: 404, code: 'record.not_found', params: { entity: 'customer', id: 987654 } });
    expect(formatMessage('zh', missing.code!, missing.params)).toBe('找不到客户 987654');

    const rep = await api.userToken('sales');
    const shared = await api.call('POST', `/api/v1/customers/${customerId}/shares`, { userId: rep.userId, access: 'read' });
    expect(shared.statusCode, shared.body).toBeLessThan(300);
    const readOnly = await problem('PATCH', `/api/v1/customers/${customerId}`, { city: '上海' }, {}, rep.token);
    expect(readOnly).toMatchObject({ status: 403, code: 'record.read_only', params: { entity: 'customer', id: customerId } });
    expect(formatMessage('zh', readOnly.code!, readOnly.params)).toBe(`客户 ${customerId} 对您只读`);

    const viewer = await api.userToken('viewer');
    const denied = await problem('POST', '/api/v1/customers', { kind: 'company', name: 'X' }, {}, viewer.token);
    expect(denied).toMatchObject({ status: 403, code: 'access.read_only' });

    const stale = await problem('PATCH', `/api/v1/customers/${customerId}`, { city: '上海' }, { 'if-match': '"v99"' });
    expect(stale).toMatchObject({ status: 412, code: 'record.stale', params: { entity: 'customer', id: customerId, version: 1 } });
    expect(formatMessage('zh', stale.code!, stale.params)).toBe(`客户 ${customerId} 已被其他人修改（当前版本 1），请刷新后重新修改`);
  });

  it('every problem has a code, down to an unknown route and a body that is not JSON', async () => {
    const route = await problem('GET', '/api/v1/no-such-thing');
    expect(route).toMatchObject({ status: 404, code: 'request.no_route' });
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/customers', payload: '{"kind":', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'request.bad_json' });
  });
});

describe('message codes of refused phones and emails', () => {
  it('say in English exactly what the server says', async () => {
    const { normalisePoints } = await import('../../src/domain/contact-point.ts');
    const phones = ['12345', '1234567890', '+86 123', 'abc', '+999 1234', '138123456789', '---', '+1 212 555 01'];
    const emails = ['a b@c.cn', 'ab', 'a@b@c', '@c.cn', 'a..b@c.cn', 'a@', 'a@cn', 'a@b..cn', 'a@b_c.cn', 'a@b.123'];
    const { errors } = normalisePoints({ phones: phones.map((value) => ({ value })), emails: emails.map((value) => ({ value })) }, 'CN');
    expect(errors).toHaveLength(phones.length + emails.length);
    // An extension is kept with the number (vCard tel:…;ext=), not refused.
    const withExtension = normalisePoints({ phones: [{ value: '138 1234 5678 ext. 12' }] }, 'CN');
    expect(withExtension.errors).toEqual([]);
    for (const error of errors) {
      expect(error.code, error.message).toBeDefined();
      expect(formatMessage('en', error.code!, error.params), error.message).toBe(error.message);
      expect(formatMessage('zh', error.code!, error.params)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

forEachDialect('problems of the pool, merges, backups, segments, tokens and imports', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('carry their own code, whose English is the detail and which reads in Chinese', async () => {
    const id = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '公海测试有限公司' })).json().id as number;
    expect((await api.call('POST', `/api/v1/customers/${id}/release`)).statusCode).toBeLessThan(300);
    const again = await api.call('POST', `/api/v1/customers/${id}/release`);
    expect(again.statusCode).toBe(409);
    const body = again.json();
    expect(body).toMatchObject({ code: 'pool.already_in_pool', params: { id } });
    expect(formatMessage('en', body.code, body.params)).toBe(body.detail);
    expect(formatMessage('zh', body.code, body.params)).toBe(`客户 ${id} 已在公海中`);

    const badName = await api.call('POST', '/api/v1/backups/not-a-backup/restore', { confirm: 'x' });
    expect(badName.statusCode).toBeGreaterThanOrEqual(400);
    expect(badName.statusCode).toBeLessThan(500);
    expect(badName.json().code).not.toBe('validation');
    expect(formatMessage('zh', badName.json().code, badName.json().params)).toMatch(/[\u4e00-\u9fff]/);
  });
});

forEachDialect('problems that reach a person over HTTP', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });
  /** A problem with its own message code (not only its class's), which reads in Chinese. */
  const expectCoded = (res: { statusCode: number; body: string; json: () => Problem }, code: string) => {
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    const body = res.json();
    expect(body.code, res.body).toBe(code);
    expect(formatMessage('en', body.code!, body.params)).toBe(body.detail);
    expect(formatMessage('zh', body.code!, body.params)).toMatch(/[\u4e00-\u9fff]/);
    return body;
  };

  it('a team with members, a deal whose customer is in the recycle bin, a record not deleted, an unknown team', async () => {
    const team = (await api.call('POST', '/api/v1/teams', { name: '华东销售部' })).json();
    const rep = await api.userToken('sales');
    expect((await api.call('PATCH', `/api/v1/users/${rep.userId}`, { teamId: team.id })).statusCode).toBeLessThan(300);
    const held = expectCoded(await api.call('DELETE', `/api/v1/teams/${team.id}`), 'team.has_members');
    expect(formatMessage('zh', held.code!, held.params)).toBe('团队 华东销售部 还有 1 名成员；请先把他们调到其他团队');

    const customer = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '回收站测试有限公司' })).json();
    const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: '洽谈', probability: 30 })).json().id as number;
    const deal = (await api.call('POST', '/api/v1/deals', { customerId: customer.id, title: '年度合同', stageId: stage })).json();
    expectCoded(await api.call('POST', `/api/v1/deals/${deal.id}/restore`), 'record.not_deleted');
    expect((await api.call('DELETE', `/api/v1/deals/${deal.id}`, undefined, { 'if-match': `"v${deal.version}"` })).statusCode).toBe(204);
    const customerNow = (await api.call('GET', `/api/v1/customers/${customer.id}`)).json();
    expect((await api.call('DELETE', `/api/v1/customers/${customer.id}`, undefined, { 'if-match': `"v${customerNow.version}"` })).statusCode).toBe(204);
    const restore = await api.call('POST', `/api/v1/deals/${deal.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect(restore.json()).toMatchObject({ code: 'record.customer_deleted', params: { entity: 'deal', id: deal.id } });
    expect(formatMessage('zh', restore.json().code, restore.json().params)).toBe(`商机 ${deal.id} 所属的客户在回收站中；请先恢复该客户`);

    const unknownTeam = await api.call('PATCH', `/api/v1/users/${rep.userId}`, { teamId: 987654 });
    expect(unknownTeam.statusCode).toBe(400);
    const error = unknownTeam.json().errors.find((e: FieldProblem) => e.field === 'teamId');
    expect(error).toMatchObject({ code: 'field.no_such', params: { entity: 'team', id: 987654 } });
    expect(inChinese(error)).toBe('团队 987654 不存在');
  });
});

describe('server code that throws AppError', () => {
  const root = join(import.meta.dirname, '../../src');
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    });
  // Everything may reach a person: through the API, the web app, an import's error file or the CLI (in its language).
  const files = ['core', 'domain', 'server', 'cli'].flatMap(sources);

  it('gives every problem a person can meet its own message code', () => {
    const uncoded = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return [...text.matchAll(/new AppError\(/g)].flatMap((m) => {
        // the call up to its closing parenthesis
        let depth = 0;
        let end = m.index + 'new AppError'.length;
        for (; end < text.length; end++) {
          const c = text[end];
          if (c === '(') depth++;
          if (c === ')' && --depth === 0) break;
        }
        const call = text.slice(m.index, end + 1);
        // 'internal' is never shown (the handler says: see the server log); a validation error's fields carry their codes;
        // a worker's AppError is thrown again with the code it had (run-in-worker.ts)
        if (call.includes('messageCode') || call.includes('...reply.app') || call.startsWith("new AppError('internal'") || /errors,\s*\}\)$|errors: \[\{ field, message, code \}\]/.test(call)) return [];
        return [`${file}:${text.slice(0, m.index).split('\n').length}`];
      });
    });
    expect(uncoded).toEqual([]);
  });

  it('problems written as objects without a message code: a list that may only shrink', () => {
    // Every object literal that is a field error ({ field, message }), an import row's error
    // ({ row, reason }) or a reference's error ({ error: '…' }), however it is written (shorthand,
    // several lines, a message in a variable), and has neither a code nor a spread that could bring one.
    const found = files.flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const hits: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isObjectLiteralExpression(node)) {
          const names = new Set(node.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : [])));
          const hasSpread = node.properties.some(ts.isSpreadAssignment);
          const error = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'error');
          const isProblem = (names.has('field') && names.has('message')) || (names.has('row') && names.has('reason')) || (error !== undefined && isText(error.initializer));
          if (isProblem && !names.has('code') && !hasSpread && !isShapeOrParams(node)) hits.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      return hits;
    });
    const counts: Record<string, number> = {};
    for (const hit of found) {
      const file = hit.slice(0, hit.lastIndexOf(':'));
      counts[file] = (counts[file] ?? 0) + 1;
    }
    for (const [file, n] of Object.entries(counts)) expect(n, `${file}: a new problem without a code (${found.filter((h) => h.startsWith(`${file}:`)).join(', ')})`).toBeLessThanOrEqual(NOT_YET_CODED[file] ?? 0);
  });
});

/** A schema's shape (Type.Object({ field: Type.String(), … })) or a coded message's params (const params = { field, message }): not a problem itself. */
function isShapeOrParams(node: ts.ObjectLiteralExpression): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.expression.getText() === 'Type.Object') return true;
  return ts.isVariableDeclaration(parent) && parent.name.getText() === 'params';
}

/** Text in the source: a string, a template, or a choice or sum of them. */
function isText(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isText(node.expression);
  if (ts.isConditionalExpression(node)) return isText(node.whenTrue) || isText(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isText(node.left) || isText(node.right);
  return false;
}

// Problems still English only, by file (none: a backup run's I/O error keeps the system's words in a coded message).
const NOT_YET_CODED: Record<string, number> = {};
