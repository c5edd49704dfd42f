import { currentLanguage } from '../../app/i18n'

/** Interface text of the sign-in, setup and audit pages in English and Simplified Chinese. */
export const TEXT = {
  en: {
    signInTitle: 'Sign in',
    sessionEnded: 'Your session has ended. Sign in again to go on where you left off.',
    username: 'User name',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    signOut: 'Sign out',
    lockedOut: 'Too many failed attempts. Try again in {seconds} seconds or ask an admin to unlock the account.',
    setupTitle: 'Create the first administrator',
    setupHelp: 'Enter the setup token printed on the server console (also in the file setup-token in the data folder).',
    setupToken: 'Setup token',
    confirmPassword: 'Repeat password',
    passwordsDiffer: 'The two passwords differ; type the same password twice.',
    passwordHint: 'At least 12 characters; a passphrase of several words works well.',
    createAdmin: 'Create administrator',
    auditTitle: 'Audit log',
    user: 'User',
    action: 'Action',
    recordId: 'Record id',
    from: 'From',
    to: 'To',
    time: 'Time',
    records: 'Records',
    recordCount: '{count} records',
    fields: 'Fields',
    address: 'Address',
    apply: 'Apply filters',
    verify: 'Verify chain',
    chainIntact: 'Chain intact: {count} entries checked.',
    chainBroken: 'Chain broken at entry {seq} ({reason}): {message}',
    'chainBroken.hash_mismatch': 'Chain broken at entry {seq}: the entry was changed after it was written.',
    'chainBroken.prev_hash_mismatch': 'Chain broken at entry {seq}: the entry does not follow entry {previous}.',
    'chainBroken.missing_entry': 'Chain broken at entry {seq}: the entry is missing, and the log jumps to {next}.',
    'chainBroken.head_mismatch': 'Chain broken at entry {seq}: the log ends at entry {end}, but entry {last} was written last.',
    exportCsv: 'Export CSV',
    exportJson: 'Export JSON',
    previous: 'Previous',
    next: 'Next',
    pageOf: '{first}–{last} of {total}',
    pages: 'Pages',
    noEntries: 'No entries match these filters.',
    loading: 'Loading…',
  },
  'zh-CN': {
    signInTitle: '登录',
    sessionEnded: '您的会话已结束。请重新登录，从中断处继续。',
    username: '用户名',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    signOut: '退出登录',
    lockedOut: '失败次数过多。请在 {seconds} 秒后重试，或请管理员解锁账户。',
    setupTitle: '创建第一个管理员',
    setupHelp: '输入服务器控制台上显示的设置令牌（也保存在数据文件夹的 setup-token 文件中）。',
    setupToken: '设置令牌',
    confirmPassword: '再次输入密码',
    passwordsDiffer: '两次输入的密码不一致，请输入相同的密码。',
    passwordHint: '至少 12 个字符；由几个词组成的短语效果很好。',
    createAdmin: '创建管理员',
    auditTitle: '审计日志',
    user: '用户',
    action: '操作',
    recordId: '记录 ID',
    from: '开始时间',
    to: '结束时间',
    time: '时间',
    records: '记录',
    recordCount: '{count} 条记录',
    fields: '字段',
    address: '地址',
    apply: '应用筛选',
    verify: '校验哈希链',
    chainIntact: '哈希链完整：已检查 {count} 条记录。',
    chainBroken: '哈希链在第 {seq} 条断开（{reason}）：{message}',
    'chainBroken.hash_mismatch': '哈希链在第 {seq} 条断开：该条记录在写入后被修改过。',
    'chainBroken.prev_hash_mismatch': '哈希链在第 {seq} 条断开：该条记录没有接在第 {previous} 条之后。',
    'chainBroken.missing_entry': '哈希链在第 {seq} 条断开：该条记录缺失，日志直接跳到 {next}。',
    'chainBroken.head_mismatch': '哈希链在第 {seq} 条断开：日志止于第 {end} 条，但最后写入的是第 {last} 条。',
    exportCsv: '导出 CSV',
    exportJson: '导出 JSON',
    previous: '上一页',
    next: '下一页',
    pageOf: '第 {first}–{last} 条，共 {total} 条',
    pages: '分页',
    noEntries: '没有符合筛选条件的记录。',
    loading: '正在加载…',
  },
} as const

export type TextKey = keyof (typeof TEXT)['en']

function language(): keyof typeof TEXT {
  return currentLanguage().startsWith('zh') ? 'zh-CN' : 'en'
}

/**
 * Returns the text for `key` in the app's language, with `{name}` placeholders filled.
 *
 * @example text('lockedOut', { seconds: 30 })
 */
export function text(key: TextKey, values: Record<string, string | number> = {}): string {
  const template: string = TEXT[language()][key]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}
