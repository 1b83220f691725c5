import type { MessageParams } from '../domain/messages.ts';
import { OPS_ZH, QUALITY_CHECKS_ZH } from './cli-words-ops.ts';
import { REPORTS_ZH } from './cli-words-reports.ts';
import type { CliIo } from './io.ts';

// What the CLI's commands print for people (tables' headers, summaries, refusals), in Chinese,
// by the English they are written in; {{name}} is filled from the params. A test checks that
// every say(io, '…') in src/cli has its line here and that no line here is unused.
export const CLI_ZH: Record<string, string> = {
  // export
  '{{n}} customers…': '{{n}} 个客户…',
  '{{n}} contacts…': '{{n}} 个联系人…',
  'exported {{n}} customers': '已导出 {{n}} 个客户',
  'exported {{n}} contacts': '已导出 {{n}} 个联系人',
  'exported {{n}} customers to {{file}}': '已导出 {{n}} 个客户到 {{file}}',
  'exported {{n}} contacts to {{file}}': '已导出 {{n}} 个联系人到 {{file}}',
  // settings time-zone
  'workspace time zone: {{offset}} ({{minutes}} minutes east of UTC)': '工作区时区：{{offset}}（UTC 以东 {{minutes}} 分钟）',
  'set from the time zone {{zone}}: days are counted at its offset of that day all year (set it again when the clocks change)': '按时区 {{zone}} 设置：全年按设置当天的时差计算日期（调整夏令时时钟时请重新设置）',
  'never set: UTC+8 by default': '从未设置：默认为 UTC+8',
  'last changed {{when}} by {{who}}': '最近由 {{who}} 于 {{when}} 修改',
  'last changed {{when}} from the command line': '最近于 {{when}} 通过命令行修改',
  // users, teams, tokens
  id: '编号',
  email: '邮箱',
  name: '名称',
  role: '角色',
  team: '团队',
  disabled: '已停用',
  yes: '是',
  no: '否',
  admin: '管理员',
  manager: '经理',
  sales: '销售',
  viewer: '只读用户',
  'team {{team}}': '团队 {{team}}',
  'created user {{id}}: {{user}}': '已创建用户 {{id}}：{{user}}',
  'no password set; give them an API token with: kehu tokens create --user {{email}}': '未设置密码；可用以下命令给此用户一个 API 令牌：kehu tokens create --user {{email}}',
  'no users yet; add the first admin with: kehu users add --email E --name N --role admin': '还没有用户；用以下命令添加第一位管理员：kehu users add --email E --name N --role admin',
  'disabled {{email}}: their API tokens stop working now': '已停用 {{email}}：其 API 令牌即刻失效',
  'enabled {{email}}': '已启用 {{email}}',
  'set the password of {{email}}; their sessions were signed out': '已设置 {{email}} 的密码；其登录会话已退出',
  'updated {{user}}': '已更新 {{user}}',
  'give this link to {{email}} yourself: it sets a new password once, until {{until}}; a newer link ends it': '请亲自把此链接交给 {{email}}：它可在 {{until}} 之前设置一次新密码；新的链接会使其失效',
  parent: '上级团队',
  members: '成员数',
  'below {{team}}': '隶属于 {{team}}',
  'managed by {{email}}': '经理 {{email}}',
  'created team {{id}}: {{name}}': '已创建团队 {{id}}：{{name}}',
  'no teams yet; add one with: kehu teams add --name N': '还没有团队；用以下命令添加：kehu teams add --name N',
  token: '令牌',
  user: '用户',
  scope: '权限',
  status: '状态',
  expires: '到期',
  'last used': '最近使用',
  read: '只读',
  write: '读写',
  active: '有效',
  revoked: '已吊销',
  expired: '已过期',
  never: '从不',
  'read-only': '只读',
  'read and write': '读写',
  'expires {{when}}': '{{when}} 到期',
  'no expiry': '永不过期',
  'API token {{id}} "{{name}}" for {{email}} ({{scope}}, {{expiry}}):': '{{email}} 的 API 令牌 {{id}}“{{name}}”（{{scope}}，{{expiry}}）：',
  'Store it now: it cannot be shown again. Send it as "Authorization: Bearer <token>".': '请立即保存：它不会再显示。请求时以 "Authorization: Bearer <token>" 发送。',
  'revoked token {{id}}: it no longer works': '已吊销令牌 {{id}}：它不再有效',
  '{{email}} has no active token': '{{email}} 没有有效的令牌',
  'revoked {{n}} token(s) of {{email}} ({{ids}}): they no longer work': '已吊销 {{email}} 的 {{n}} 个令牌（{{ids}}）：它们不再有效',
  'no API tokens yet; create one with: kehu tokens create --user E': '还没有 API 令牌；用以下命令创建：kehu tokens create --user E',
  // import
  customers: '客户',
  contacts: '联系人',
  orders: '订单',
  interactions: '跟进记录',
  queued: '排队中',
  running: '进行中',
  done: '已完成',
  failed: '失败',
  reverted: '已撤销',
  'row {{row}}': '第 {{row}} 行',
  'card at line {{row}}': '第 {{row}} 行的名片',
  'import {{id}} of {{file}} as {{type}}': '导入 {{id}}：{{file}}，作为{{type}}',
  'Import {{id}} of {{file}} ({{type}}): {{status}}': '导入 {{id}}：{{file}}（{{type}}）：{{status}}',
  '{{created}} created, {{updated}} updated, {{skipped}} skipped as duplicates, {{invalid}} invalid': '新建 {{created}}，更新 {{updated}}，重复跳过 {{skipped}}，无效 {{invalid}}',
  '{{n}} contact people added to their customers': '为客户添加了 {{n}} 位联系人',
  '{{n}} rows imported without a bad value (see below and the error file)': '{{n}} 行已导入，但未导入其中的错误值（见下方和错误文件）',
  '… and more': '……还有更多',
  'rows with a problem, with the reason: {{file}} (fix and import it again)': '有问题的行及原因：{{file}}（修正后可再次导入）',
  '{{n}} column(s) not imported: {{columns}} (--keep-unknown-columns keeps them as custom fields)': '{{n}} 列未导入：{{columns}}（--keep-unknown-columns 会把它们存为自定义字段）',
  'stopped: {{error}}': '已中止：{{error}}',
  'undo with: kehu import --revert {{id}}': '撤销：kehu import --revert {{id}}',
  '{{n}} row(s) rejected; the others are in (exit {{exit}})': '{{n}} 行被拒绝；其余已导入（退出码 {{exit}}）',
  '{{n}} row(s) rejected (exit {{exit}})': '{{n}} 行被拒绝（退出码 {{exit}}）',
  '{{n}} row(s) imported without a bad value (exit {{exit}})': '{{n}} 行已导入，但未导入其中的错误值（退出码 {{exit}}）',
  // seed
  'seeding {{n}} demo customers…': '正在生成 {{n}} 个演示客户…',
  'Demo workspace ready in {{seconds}} s:': '演示工作区已就绪，用时 {{seconds}} 秒：',
  '{{customers}} customers, {{contacts}} contacts, {{deals}} deals, {{orders}} orders, {{interactions}} interactions, {{tasks}} tasks': '{{customers}} 个客户，{{contacts}} 位联系人，{{deals}} 个商机，{{orders}} 个订单，{{interactions}} 条跟进记录，{{tasks}} 个任务',
  'sales team added (no passwords): {{users}}': '已添加销售团队（未设密码）：{{users}}',
  'entered from the console; the admin is {{admin}}': '由控制台录入；管理员是 {{admin}}',
  'entered from the console; the admin is {{admin}} (created just now, no password)': '由控制台录入；管理员是 {{admin}}（刚刚创建，未设密码）',
  'Look around: start the server with `kehu serve` (or `npm start`).': '开始体验：用 `kehu serve`（或 `npm start`）启动服务器。',
  'No admin can sign in yet. Create one, typing the password on standard input:': '还没有能登录的管理员。创建一位，在标准输入中输入密码：',
  'or give the demo admin an API token: kehu tokens create --user {{admin}}': '或者给演示管理员一个 API 令牌：kehu tokens create --user {{admin}}',
  // migrate, audit
  'up to date ({{n}} migrations applied)': '已是最新（已应用 {{n}} 个迁移）',
  'applied {{names}}': '已应用 {{names}}',
  'backup of the database before migrating: {{file}}': '迁移前的数据库备份：{{file}}',
  'audit log intact: {{n}} entries': '审计日志完好：{{n}} 条',
  ...REPORTS_ZH,
  ...OPS_ZH,
};

/** A line of the CLI in its language (io.language), its {{placeholders}} filled in. */
export function say(io: Pick<CliIo, 'language'>, english: string, params: MessageParams = {}): string {
  const template = io.language === 'zh' ? (CLI_ZH[english] ?? english) : english;
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

/** A table's headers in the CLI's language. */
export const headers = (io: Pick<CliIo, 'language'>, english: string[]): string[] => english.map((h) => say(io, h));
export { QUALITY_CHECKS_ZH };
