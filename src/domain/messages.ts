// The messages the server sends people, by code, in English and Chinese. Errors carry the code
// and its parameters beside the English text, so the web app (and exports, the CLI) can say it in
// the reader's language. A test checks that both languages have every code and placeholder.

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];
export type MessageParams = Record<string, string | number>;

export const MESSAGES_EN = {
  // one per error class, for problems without a more precise code
  validation: 'invalid input',
  unauthorized: 'sign in first',
  forbidden: 'you are not allowed to do this',
  not_found: 'not found',
  conflict: 'this conflicts with existing data',
  precondition_required: 'send If-Match with the version you edited',
  stale: 'someone else changed this meanwhile; reload and apply your change again',
  payload_too_large: 'the request is too large',
  unsupported_media_type: 'this kind of content is not accepted',
  unprocessable: 'the request cannot be processed',
  rate_limited: 'too many attempts; try again later',
  unavailable: 'kehu is not available right now; try again later',
  internal: 'kehu could not complete the request; see the server log',
  // records and access
  'record.not_found': '{{entity}} {{id}} not found',
  'record.stale': '{{entity}} {{id}} was changed by someone else (now version {{version}}); reload it and apply your change again',
  'record.read_only': '{{entity}} {{id}} is read-only for you',
  'access.read_only': 'this token or role is read-only',
  'access.admin_only': 'only an admin may do this',
  'access.manager_only': 'only a manager or an admin may do this',
  'session.ended': 'your session has ended; sign in again',
  'session.wrong_credentials': 'wrong e-mail address or password',
  'session.csrf': 'the page is out of date; reload it and try again',
  'session.reset_link_invalid': 'this password reset link is invalid, used or expired; ask an administrator for a new one',
  // fields (validation of request bodies and of imported rows)
  'field.required': 'is required',
  'field.empty': 'must not be empty',
  'field.unknown': 'is not a known field',
  'field.one_of': 'must be one of: {{values}}',
  'field.too_short': 'must be at least {{limit}} characters',
  'field.too_long': 'must be at most {{limit}} characters',
  'field.too_few_items': 'must have at least {{limit}} items',
  'field.too_many_items': 'must have at most {{limit}} items',
  'field.minimum': 'must be at least {{limit}}',
  'field.maximum': 'must be at most {{limit}}',
  'field.type': 'must be a {{type}}',
  'field.integer': 'must be a whole number',
  'field.pattern': 'is not in the expected form',
  'field.date': 'must be a valid date (YYYY-MM-DD)',
  'field.date_time': 'must be a valid date and time (ISO 8601, e.g. 2026-01-15T09:30:00Z)',
  'field.email_format': 'must be a valid email address',
  'field.uri': 'must be a valid web address',
  'field.format': 'must be a valid {{format}}',
  'field.invalid': 'is not valid',
  'field.unique': 'is already taken by another record',
  'field.taken': 'is already taken',
  'field.wrong_password': 'is not your current password',
  'field.too_repetitive': 'is too repetitive: use at least 4 different characters',
  'field.foreign_key': 'refers to a record that does not exist',
  'field.not_allowed': 'is not an allowed value',
  'field.one_primary': 'only one {{kind}} can be primary',
  'field.time_zone': 'is not a time zone such as Asia/Shanghai or UTC: "{{value}}"',
  // phone numbers as typed
  'phone.empty': 'empty: "{{value}}"',
  'phone.letters': 'contains letters: "{{value}}"',
  'phone.no_digits': 'no digits: "{{value}}"',
  'phone.too_short': 'too short: "{{value}}"',
  'phone.too_long': 'too long: "{{value}}"',
  'phone.extension': 'extensions are not supported: "{{value}}"',
  'phone.unknown_country_code': 'unknown country code: "{{value}}"',
  'phone.no_region': 'no country code and no default region: "{{value}}"',
  'phone.unknown_region': 'no country code and unknown default region "{{region}}": "{{value}}"',
  'phone.not_a_number': 'not a phone number: "{{value}}"',
  'phone.wrong_length_region': 'wrong number of digits for region {{region}}: "{{value}}"',
  'phone.wrong_length_code': 'wrong number of digits for country code +{{callingCode}}: "{{value}}"',
  'phone.invalid_region': 'not a valid phone number for region {{region}}: "{{value}}"',
  'phone.invalid_code': 'not a valid phone number for country code +{{callingCode}}: "{{value}}"',
  // email addresses as typed
  'email.empty': 'empty: "{{value}}"',
  'email.spaces': 'contains spaces: "{{value}}"',
  'email.no_at': 'missing @: "{{value}}"',
  'email.many_at': 'more than one @: "{{value}}"',
  'email.too_long': 'too long: "{{value}}"',
  'email.no_local': 'nothing before @: "{{value}}"',
  'email.local_too_long': 'part before @ is too long: "{{value}}"',
  'email.local_character': 'part before @ contains a character that is not allowed: "{{value}}"',
  'email.local_dots': 'part before @ has a dot at the start, at the end or twice in a row: "{{value}}"',
  'email.no_domain': 'nothing after @: "{{value}}"',
  'email.domain_no_dot': 'domain has no dot: "{{value}}"',
  'email.domain_empty_part': 'domain has an empty part (two dots, or a dot at the start or end): "{{value}}"',
  'email.domain_long_part': 'domain has a part longer than 63 characters: "{{value}}"',
  'email.domain_character': 'domain may only contain letters, digits and inner hyphens: "{{value}}"',
  'email.domain_number': 'domain ends in a number: "{{value}}"',
  // the request as a whole
  'request.invalid': 'invalid {{where}}: {{field}} {{message}}',
  'request.no_route': 'no route for {{method}} {{path}}',
  'request.too_large': 'the request body is too large',
  'request.json_only': 'send the body as application/json',
  'request.empty_json': 'the JSON body is empty',
  'request.bad_json': 'the body is not valid JSON',
  'request.bad_length': 'the Content-Length header does not match the body',
  // the database kehu was pointed at
  'database.missing_default': 'no kehu database at {{location}}: KEHU_DATA_DIR is not set, so kehu looks in ./data under the current folder. Point kehu at your data with KEHU_DATA_DIR=<the folder holding kehu.sqlite> or DATABASE_URL=postgres://…, or start a new, empty database here with `npx kehu migrate`',
  'database.missing': 'no kehu database at {{location}} (set by KEHU_DATA_DIR). Point kehu at your data with KEHU_DATA_DIR=<the folder holding kehu.sqlite> or DATABASE_URL=postgres://…, or start a new, empty database there with `npx kehu migrate`',
  'database.missing_postgres': 'no kehu database at {{location}} (set by DATABASE_URL): it holds no kehu tables. Point DATABASE_URL at the database holding your data, or start a new, empty one there with `npx kehu migrate`',
  // pool, merges, backups, segments, tokens and imports
  'pool.claim_role': 'only sales reps and managers claim customers',
  'pool.already_owned': 'customer {{id}} already has an owner',
  'pool.already_in_pool': 'customer {{id}} is already in the pool',
  'pool.return_admin_only': 'only an admin may return customers to the pool',
  'merge.already_undone': 'merge {{id}} was already undone at {{at}}',
  'merge.purged': 'merge {{id}} cannot be undone: one of its records was purged',
  'merge.not_yours': 'merge {{id}} cannot be undone by you: {{entity}}s {{survivor}} and {{merged}} must both be yours to change',
  'merge.later_merge': 'merge {{later}} was made after merge {{id}} with the same records; undo merge {{later}} first',
  'merge.survivor_changed': '{{entity}} {{survivor}} was changed after merge {{id}} (version {{then}} then, {{now}} now); undoing would overwrite those changes — review them, or undo with ?force=true to discard them',
  'merge.pair_merged': 'duplicate pair {{id}} was merged; undo the merge (POST /api/v1/merges/{id}/undo) instead',
  'backup.running': 'a backup job is already running on this server; follow it in GET /api/v1/backups/runs',
  'backup.confirm_restore': 'a restore replaces everything: repeat the backup’s name in confirm',
  'backup.not_a_name': '"{{file}}" is not the name of a kehu backup',
  'backup.admin_only': 'only an admin may see backups and the database’s health',
  'segment.name_taken': 'a segment named "{{name}}" already exists',
  'segment.not_yours': 'segment {{id}} belongs to another user; only they or an admin may change it',
  'token.user_disabled': 'user {{email}} is disabled',
  'import.reverted_already': 'import {{id}} was reverted already',
  'import.still_running': 'import {{id}} is still {{status}}; wait for it to finish',
  'import.nothing_to_resume': 'import {{id}} is {{status}}; nothing to resume',
  'import.running_elsewhere': 'import {{id}} is running in process {{runner}}',
  'import.taken': 'import {{id}} was taken by another process',
  'token.read_only_manage': 'a read-only API token cannot create or revoke tokens; sign in or use a read-write token',
  'token.admin_for_others': 'only an admin may create a token for another user',
  'token.console_has_none': 'the console has no tokens of its own',
  'token.denied': 'the API token is missing, unknown, expired or revoked',
  'duplicates.manager_only': 'only an admin or a manager may scan for duplicates',
  'config.public_url': 'KEHU_PUBLIC_URL must be a web address such as https://kehu.example.com, not "{{value}}"',
  'reset_link.bad_url': '--url must be a web address such as https://kehu.example.com, not "{{value}}"',
  'reset_link.no_address': 'kehu listens on every address (HOST={{host}}), which is no address people can open: pass --url with the address people open kehu at (e.g. --url https://kehu.example.com), or set KEHU_PUBLIC_URL',
  'field.cursor': 'cursor is not valid',
};

export type MessageCode = keyof typeof MESSAGES_EN;

export const MESSAGES_ZH: Record<MessageCode, string> = {
  validation: '输入有误',
  unauthorized: '请先登录',
  forbidden: '您无权执行此操作',
  not_found: '未找到',
  conflict: '与已有数据冲突',
  precondition_required: '请用 If-Match 发送您编辑的版本',
  stale: '其他人刚刚修改了这条记录，请刷新后重新修改',
  payload_too_large: '请求太大',
  unsupported_media_type: '不接受此类内容',
  unprocessable: '无法处理此请求',
  rate_limited: '尝试次数过多，请稍后再试',
  unavailable: 'kehu 暂时不可用，请稍后再试',
  internal: 'kehu 无法完成此请求，请查看服务器日志',
  'record.not_found': '找不到{{entity}} {{id}}',
  'record.stale': '{{entity}} {{id}} 已被其他人修改（当前版本 {{version}}），请刷新后重新修改',
  'record.read_only': '{{entity}} {{id}} 对您只读',
  'access.read_only': '此令牌或角色只读',
  'access.admin_only': '只有管理员可以执行此操作',
  'access.manager_only': '只有经理或管理员可以执行此操作',
  'session.ended': '登录已过期，请重新登录',
  'session.wrong_credentials': '邮箱或密码错误',
  'session.csrf': '页面已过期，请刷新后重试',
  'session.reset_link_invalid': '此重置密码链接无效、已使用或已过期，请向管理员索取新链接',
  'field.required': '必填',
  'field.empty': '不能为空',
  'field.unknown': '不是可识别的字段',
  'field.one_of': '必须是以下之一：{{values}}',
  'field.too_short': '至少 {{limit}} 个字符',
  'field.too_long': '最多 {{limit}} 个字符',
  'field.too_few_items': '至少 {{limit}} 项',
  'field.too_many_items': '最多 {{limit}} 项',
  'field.minimum': '不能小于 {{limit}}',
  'field.maximum': '不能大于 {{limit}}',
  'field.type': '类型应为 {{type}}',
  'field.integer': '必须是整数',
  'field.pattern': '格式不正确',
  'field.date': '不是有效的日期（YYYY-MM-DD）',
  'field.date_time': '不是有效的日期时间（ISO 8601，如 2026-01-15T09:30:00Z）',
  'field.email_format': '不是有效的邮箱地址',
  'field.uri': '不是有效的网址',
  'field.format': '不是有效的 {{format}}',
  'field.invalid': '无效',
  'field.unique': '已被其他记录使用',
  'field.taken': '已被占用',
  'field.wrong_password': '与当前密码不符',
  'field.too_repetitive': '重复字符太多：至少要有 4 个不同的字符',
  'field.foreign_key': '指向的记录不存在',
  'field.not_allowed': '不是允许的值',
  'field.one_primary': '只能有一个主{{kind}}',
  'field.time_zone': '不是有效的时区（如 Asia/Shanghai 或 UTC）："{{value}}"',
  'phone.empty': '号码为空："{{value}}"',
  'phone.letters': '号码含有字母："{{value}}"',
  'phone.no_digits': '号码中没有数字："{{value}}"',
  'phone.too_short': '号码太短："{{value}}"',
  'phone.too_long': '号码太长："{{value}}"',
  'phone.extension': '不支持分机号："{{value}}"',
  'phone.unknown_country_code': '未知的国家代码："{{value}}"',
  'phone.no_region': '没有国家代码，也没有默认地区："{{value}}"',
  'phone.unknown_region': '没有国家代码，默认地区"{{region}}"未知："{{value}}"',
  'phone.not_a_number': '不是电话号码："{{value}}"',
  'phone.wrong_length_region': '位数不符合{{region}}的电话号码："{{value}}"',
  'phone.wrong_length_code': '位数不符合国家代码 +{{callingCode}} 的电话号码："{{value}}"',
  'phone.invalid_region': '不是有效的{{region}}电话号码："{{value}}"',
  'phone.invalid_code': '不是有效的国家代码 +{{callingCode}} 电话号码："{{value}}"',
  'email.empty': '邮箱为空："{{value}}"',
  'email.spaces': '邮箱含有空格："{{value}}"',
  'email.no_at': '邮箱缺少 @："{{value}}"',
  'email.many_at': '邮箱中有多个 @："{{value}}"',
  'email.too_long': '邮箱太长："{{value}}"',
  'email.no_local': '@ 前面没有内容："{{value}}"',
  'email.local_too_long': '@ 前面的部分太长："{{value}}"',
  'email.local_character': '@ 前面含有不允许的字符："{{value}}"',
  'email.local_dots': '@ 前面的部分开头、结尾有点或有连续的点："{{value}}"',
  'email.no_domain': '@ 后面没有内容："{{value}}"',
  'email.domain_no_dot': '域名中没有点："{{value}}"',
  'email.domain_empty_part': '域名中有空的部分（连续的点，或以点开头或结尾）："{{value}}"',
  'email.domain_long_part': '域名中有超过 63 个字符的部分："{{value}}"',
  'email.domain_character': '域名只能包含字母、数字和中间的连字符："{{value}}"',
  'email.domain_number': '域名以数字结尾："{{value}}"',
  'request.invalid': '{{where}}有误：{{field}} {{message}}',
  'request.no_route': '没有 {{method}} {{path}} 这个接口',
  'request.too_large': '请求内容太大',
  'request.json_only': '请以 application/json 发送请求内容',
  'request.empty_json': 'JSON 请求内容为空',
  'request.bad_json': '请求内容不是有效的 JSON',
  'request.bad_length': 'Content-Length 与请求内容不符',
  'database.missing_default': '{{location}} 没有 kehu 数据库：未设置 KEHU_DATA_DIR，因此 kehu 在当前文件夹下的 ./data 中查找。请用 KEHU_DATA_DIR=<存放 kehu.sqlite 的文件夹> 或 DATABASE_URL=postgres://… 指向您的数据，或运行 `npx kehu migrate` 在此新建一个空数据库',
  'database.missing': '{{location}} 没有 kehu 数据库（由 KEHU_DATA_DIR 指定）。请用 KEHU_DATA_DIR=<存放 kehu.sqlite 的文件夹> 或 DATABASE_URL=postgres://… 指向您的数据，或运行 `npx kehu migrate` 在那里新建一个空数据库',
  'database.missing_postgres': '{{location}} 没有 kehu 数据库（由 DATABASE_URL 指定）：其中没有 kehu 的表。请将 DATABASE_URL 指向存放您数据的数据库，或运行 `npx kehu migrate` 在那里新建一个空数据库',
  'pool.claim_role': '只有销售和经理可以领取客户',
  'pool.already_owned': '客户 {{id}} 已有负责人',
  'pool.already_in_pool': '客户 {{id}} 已在公海中',
  'pool.return_admin_only': '只有管理员可以将客户退回公海',
  'merge.already_undone': '合并 {{id}} 已于 {{at}} 撤销',
  'merge.purged': '合并 {{id}} 无法撤销：其中一条记录已被彻底删除',
  'merge.not_yours': '您无法撤销合并 {{id}}：{{entity}} {{survivor}} 和 {{merged}} 都必须是您可修改的',
  'merge.later_merge': '合并 {{id}} 之后又有合并 {{later}} 涉及相同记录，请先撤销合并 {{later}}',
  'merge.survivor_changed': '合并 {{id}} 之后{{entity}} {{survivor}} 又被修改过（当时版本 {{then}}，现在 {{now}}）；撤销会覆盖这些修改——请先查看，或用 ?force=true 撤销并放弃它们',
  'merge.pair_merged': '重复记录 {{id}} 已合并；请改为撤销合并（POST /api/v1/merges/{id}/undo）',
  'backup.running': '此服务器上已有备份任务在运行；可在 GET /api/v1/backups/runs 查看进度',
  'backup.confirm_restore': '恢复会替换全部数据：请在 confirm 中再次填写备份名称',
  'backup.not_a_name': '"{{file}}" 不是 kehu 备份的名称',
  'backup.admin_only': '只有管理员可以查看备份和数据库状态',
  'segment.name_taken': '已有名为"{{name}}"的客户分群',
  'segment.not_yours': '客户分群 {{id}} 属于其他用户，只有其本人或管理员可以修改',
  'token.user_disabled': '用户 {{email}} 已停用',
  'import.reverted_already': '导入 {{id}} 已撤销过',
  'import.still_running': '导入 {{id}} 仍在进行（{{status}}），请等待完成',
  'import.nothing_to_resume': '导入 {{id}} 状态为 {{status}}，无需继续',
  'import.running_elsewhere': '导入 {{id}} 正在进程 {{runner}} 中运行',
  'import.taken': '导入 {{id}} 已被另一个进程接手',
  'token.read_only_manage': '只读令牌不能创建或吊销令牌；请登录或使用读写令牌',
  'token.admin_for_others': '只有管理员可以为其他用户创建令牌',
  'token.console_has_none': '控制台没有自己的令牌',
  'token.denied': 'API 令牌缺失、无法识别、已过期或已吊销',
  'duplicates.manager_only': '只有管理员或经理可以查重',
  'config.public_url': 'KEHU_PUBLIC_URL 必须是网址，如 https://kehu.example.com，而不是"{{value}}"',
  'reset_link.bad_url': '--url 必须是网址，如 https://kehu.example.com，而不是"{{value}}"',
  'reset_link.no_address': 'kehu 监听所有地址（HOST={{host}}），这不是可以打开的地址：请用 --url 给出大家打开 kehu 的地址（如 --url https://kehu.example.com），或设置 KEHU_PUBLIC_URL',
  'field.cursor': 'cursor 无效',
};

const CATALOGUES: Record<Language, Record<MessageCode, string>> = { en: MESSAGES_EN, zh: MESSAGES_ZH };

/** What the server calls its records in messages ("customer", "pipeline stage"), in Chinese. */
export const ENTITY_NAMES_ZH: Record<string, string> = {
  customer: '客户',
  contact: '联系人',
  deal: '商机',
  order: '订单',
  interaction: '跟进记录',
  task: '任务',
  tag: '标签',
  segment: '客户分群',
  'pipeline stage': '销售阶段',
  'custom field': '自定义字段',
  user: '用户',
  team: '团队',
  token: '令牌',
  'api token': '令牌',
  import: '导入',
  merge: '合并',
  'duplicate pair': '重复记录',
  'request body': '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
  phone: '电话',
  email: '邮箱',
};

const regionNames = new Map<Language, Intl.DisplayNames>();

/** A region's name in the language (CN → 中国 / China); the code itself when unknown. */
export function regionName(language: Language, code: string): string {
  let names = regionNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language === 'zh' ? 'zh-CN' : 'en'], { type: 'region', fallback: 'code' });
    regionNames.set(language, names);
  }
  try {
    return /^[A-Za-z]{2}$/.test(code) ? (names.of(code.toUpperCase()) ?? code) : code;
  } catch {
    return code;
  }
}

function paramText(language: Language, name: string, value: string | number): string {
  if (language === 'en') return String(value);
  if (name === 'entity' || name === 'where' || name === 'kind') return ENTITY_NAMES_ZH[String(value)] ?? String(value);
  if (name === 'region') return regionName(language, String(value));
  return String(value);
}

export const isMessageCode = (code: unknown): code is MessageCode => typeof code === 'string' && Object.hasOwn(MESSAGES_EN, code);

/** The message for a code in the language, its {{placeholders}} filled in; null for an unknown code. */
export function formatMessage(language: Language, code: string, params: MessageParams = {}): string | null {
  if (!isMessageCode(code)) return null;
  return CATALOGUES[language][code].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : paramText(language, name, value);
  });
}

/** The language a person asked for: zh for any Chinese, en for anything else; null when they asked for none. */
export function languageOf(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const first = tag.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first === '' || first === '*') return null;
  return first.startsWith('zh') ? 'zh' : 'en';
}
