import i18next from 'i18next'
import type { FieldDef } from '@enclave/shared/entities/fields'
import { formatPhoneForDisplay } from '@enclave/shared/entities/values'

const en = {
  nav: { contacts: 'Contacts', companies: 'Companies', deals: 'Deals', activities: 'Activities', tickets: 'Tickets', pipeline: 'Pipeline', tasks: 'Tasks', import: 'Import', reports: 'Reports', segments: 'Segments', campaigns: 'Campaigns', policy: 'Residency policy', residency: 'Residency audit', audit: 'Audit log' },
  app: { title: 'Enclave CRM', edge: 'On site', cloud: 'Cloud', site: 'Site', signOut: 'Sign out', language: 'Language', loading: 'Loading…', empty: 'Nothing here yet.', retry: 'Try again', skip: 'Skip to content', edgeOnly: 'This page is at the site’s edge agent only, where personal data is kept. Open it there.', cloudOnly: 'This page is at the cloud only. At the site, the Residency policy page shows the latest cloud audit.', notFound: 'Page {{path}} does not exist. Pick a page in the sidebar.', menu: 'Menu', noSiteGranted: 'No site has been shared with you yet. Ask a cloud admin to grant you a site, then reload this page.', noSiteEnrolled: 'No site is enrolled with this cloud yet. Create a site, enrol its edge agent with the enrolment code, then reload this page.', sitePending: '{{siteId}} (not enrolled yet)', siteRevoked: '{{siteId}} (revoked)' },
  sync: { not_enrolled: 'Not enrolled', connecting: 'Connecting', connected: 'Synced', offline: 'Offline', error: 'Sync error', pending: '{{count}} waiting' },
  search: { open: 'Search (Ctrl+K)', placeholder: 'Search contacts, companies, deals, tickets', placeholderWithoutContacts: 'Search companies, deals, tickets', none: 'No matches for “{{q}}”.', label: 'Search everything' },
  list: { search: 'Search in this list', columns: 'Columns', filters: 'Filters', views: 'Saved views', saveView: 'Save view', viewName: 'View name', deleteView: 'Delete view', export: 'Export CSV', exportXlsx: 'Export Excel', new: 'New', count: '{{count}} records', sortAsc: 'sorted ascending', sortDesc: 'sorted descending', clear: 'Clear filters', noView: 'All records', noMatch: 'No records match the search or filters.', clearSearch: 'Clear search and filters' },
  record: { edit: 'Edit', save: 'Save', cancel: 'Cancel', delete: 'Delete', confirmDelete: 'Delete “{{title}}”? This cannot be undone.', related: 'Related records', timeline: 'Timeline', create: 'Create', created: 'Created', notFound: 'This record does not exist or was deleted.', untitled: '{{type}} …{{id}}', readOnly: 'Kept read-only at the cloud', addActivity: 'Log activity', changedElsewhere: 'Someone else changed this record after you opened it. The page now shows their version; check it and save your change again.', newTitle: 'New {{type}}', personalHidden: 'Personal fields are hidden because your role may not read personal data.' },
  residency: { mask: 'Masked', pseudonym: 'Pseudonymised', generalize: 'Generalised' },
  rejection: { yours: 'Your change to {{fields}} was not applied at the site: {{reason}} ({{time}}).', byUser: 'A change by {{user}} to {{fields}} was not applied at the site: {{reason}} ({{time}}).', byCloud: 'A change in the cloud to {{fields}} was not applied at the site: {{reason}} ({{time}}).', withheldField: 'a field not shown here' },
  subject: { export: 'Export personal data', erase: 'Erase this person', eraseTitle: 'Erase “{{title}}”', removes: 'This removes the contact and the person’s data from everything this site keeps: old versions of the record, the record history, campaign memberships, imported rows that name the person, the search index and the cloud copy. It cannot be undone.', notRemoved: 'Backups and copies made outside Enclave CRM, such as exports already downloaded, are not erased; remove the person from them separately.', linked: 'Linked activities and tickets', linkedKeep: 'Keep them without the link and without the person’s name, email and phone', linkedDelete: 'Delete them', reason: 'Reason for the erasure (kept in the audit log)', typeToConfirm: 'Type the contact’s name “{{title}}” or the word {{word}} to confirm', eraseNow: 'Erase permanently', erasing: 'Erasing and removing old copies… This can take a minute on a large site.', erased: 'The person is erased from this site.', countLinked: 'Linked records: {{deleted}} deleted, {{kept}} kept without the person', countHistory: 'Record history entries deleted: {{count}}', countImports: 'Imports: {{rows}} rejected rows and {{snapshots}} undo snapshots removed, {{uploads}} waiting uploads deleted', cloud: { erased: 'Cloud copy: removed', pending: 'Cloud copy: removal pending; the site retries until the cloud confirms', not_enrolled: 'Cloud copy: none, because the site is not enrolled' }, close: 'Close' },
  pipeline: { owner: 'Sales agent', product: 'Product', apply: 'Apply', moveHint: 'Press the left or right arrow key to move a focused deal to the next stage.', moved: 'Moved “{{title}}” to {{stage}}.', shown: 'Showing {{shown}} of {{total}}', more: 'Show more' },
  tasks: { mine: 'My tasks', today: 'Due today', overdue: 'Overdue', complete: 'Complete', completed: 'Completed “{{subject}}”.', due: 'Due' },
  import: { title: 'Import records', type: 'Record type', file: 'File', upload: 'Upload', sheet: 'Sheet', headerRow: 'Header row', preview: 'Preview', mapping: 'Column mapping', column: 'Column', field: 'Field', skip: 'Leave out', dryRun: 'Check rows', run: 'Start import', runRows_one: 'Import {{rows}} row', runRows_other: 'Import {{rows}} rows', progress: 'Progress', report: 'Report', rejected: 'Download rejected rows', undo: 'Undo import', undone: 'Import undone: {{removed}} removed, {{restored}} restored, {{keptNewerEdits}} newer edits kept.', undoing: 'Undoing the import…', undoConflict: 'This import is being undone or is still running. Wait a moment, then reload the page to see its state.', alreadyUndone: 'This import is already undone.', problems: 'Problems', noProblems: 'No problems found.', counts: '{{created}} created, {{updated}} updated, {{skipped}} skipped, {{failed}} failed', onDuplicate: 'When a row matches a record', country: 'Default phone country', noCountry: 'None: numbers need a country code', countryHint: "A phone number without a country code is read as a number of the row's country when it is valid there, and of the default phone country otherwise.", commonCountries: 'Common', allCountries: 'All countries', again: 'Import another file', dateFormat: 'Date format', duplicateSkip: 'Skip the row', duplicateUpdate: 'Update the record', duplicateMerge: 'Merge into the record', fullName: 'Full name (split into first and last name)', companyName: 'Company (match by name)', parentCompanyName: 'Subsidiary of (match by name)', byId: '{{label}} (record ID)', wouldCount: 'Of {{rows}} rows, the import would create {{created}}, update {{updated}}, skip {{skipped}} and reject {{failed}}.', companiesWould: 'It would also create {{count}} missing companies.', companiesCreated: '{{count}} missing companies created.', truncated: 'Only the first {{shown}} problems are listed. Download the rejected rows to see all {{failed}}.', createMissingCompanies: 'Create missing companies', decimalSeparator: 'Decimal separator', decimalPoint: 'Point (99.9)', decimalComma: 'Comma (99,9)', encoding: 'File encoding', encodings: { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', gb18030: 'GB18030 (Chinese)', 'windows-1252': 'Windows-1252 (Western European)' }, dedupeKeys: 'Duplicate keys', dedupeHint: 'A row that matches a record on any checked key is a duplicate. Check none to turn duplicate detection off.', savedMapping: 'Saved mapping', noSavedMapping: 'None', mappingName: 'Mapping name', saveMapping: 'Save mapping', deleteMapping: 'Delete mapping', mappingSaved: 'Saved the mapping “{{name}}”.', mappingDeleted: 'Deleted the mapping “{{name}}”.', earlier: 'This file was imported before, on {{date}}. Importing it again may create duplicate records or update them a second time.', ambiguousDate: 'The dates in this column read as {{formats}}. Choose the format the file uses.', chooseDateFormat: 'Choose…', rowsOfAbout: '{{done}} of about {{total}} rows', rowsDone: '{{done}} rows done', rate: '{{rate}} rows per second', failedSoFar: '{{failed}} rejected so far', queued_one: 'Waiting for an earlier import to finish; this one starts next.', queued_other: 'Waiting for {{count}} earlier imports to finish.' },
  importHistory: { title: 'Import history', newImport: 'New import', empty: 'No imports yet. Files you upload on the Import page are listed here.', file: 'File', type: 'Record type', status: 'Status', counts: 'Rows', started: 'Started', finished: 'Finished', startedBy: 'Started by', actions: 'Actions', you: 'You', deletedUser: 'Deleted user', follow: 'Follow progress', progressOf: 'Import of “{{fileName}}”', delete: 'Delete', confirmUndo: 'Undo the import of “{{fileName}}”? The records it created are deleted and the records it updated get their earlier values back.', confirmDeleteUpload: 'Delete the upload “{{fileName}}”? It was never imported, so no records change.', confirmDeleteRun: 'Delete the import of “{{fileName}}” with its rejected rows? The records it wrote stay and can no longer be undone as one import.', deleted: 'Deleted “{{fileName}}” from the import history.', pages: 'Pages of the import history', previous: 'Previous', next: 'Next', range: '{{first}}–{{last}} of {{total}}', statuses: { uploaded: 'Uploaded, not imported', queued: 'Waiting to start', running: 'Importing', done: 'Done', failed: 'Failed', undoing: 'Being undone', undone: 'Undone', deleted: 'Deleted' } },
  users: { title: 'Users', new: 'New user', username: 'User name', displayName: 'Display name', password: 'Password', passwordHint: 'At least 12 characters, at least 4 of them different, and not containing the user name. A passphrase of several words works well.', resetPassword: 'New password', resetPasswordHint: 'Leave it empty to keep the current password. A new password signs the user out everywhere.', role: 'Role', recordScope: 'Records', scopeAll: 'All records', scopeOwn: 'Own records only', sites: 'Sites', allSites: 'All sites', noSites: 'No sites exist yet.', status: 'Status', active: 'Active', disabled: 'Disabled', locked: 'Locked', actions: 'Actions', create: 'Create user', created: 'Created the user “{{username}}”.', edit: 'Edit', save: 'Save', cancel: 'Cancel', saved: 'Saved the changes to “{{username}}”.', disable: 'Disable', enable: 'Enable', disabledDone: 'Disabled “{{username}}”.', enabledDone: 'Enabled “{{username}}”.', unlock: 'Unlock', unlocked: 'Unlocked “{{username}}”.', delete: 'Delete', deleted: 'Deleted the user “{{username}}”.', confirmDelete: 'Delete the user “{{username}}”? They can no longer sign in, their records keep them as owner, and no new account can take the name. To keep the account and its name, disable it instead. This cannot be undone.', confirmDisable: 'Disable “{{username}}”? Their sessions end and they cannot sign in until an admin enables the account again.', empty: 'No users yet. Create one with New user.', you: 'you', roleNames: { admin: 'Admin', manager: 'Manager', agent: 'Agent', viewer: 'Viewer' }, notAllowed: 'Your role may not open this page. Ask an admin if you need it.', changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', repeatPassword: 'Repeat the new password', passwordsDiffer: 'The two new passwords differ; type the same password twice.', passwordChanged: 'Your password is changed. Use the new one the next time you sign in.', saving: 'Saving…' },
}

type Messages = typeof en

const zh: Messages = {
  nav: { contacts: '联系人', companies: '公司', deals: '商机', activities: '活动', tickets: '工单', pipeline: '销售漏斗', tasks: '任务', import: '导入', reports: '报表', segments: '客户分群', campaigns: '营销活动', policy: '数据驻留策略', residency: '数据驻留审计', audit: '审计日志' },
  app: { title: 'Enclave CRM', edge: '本地', cloud: '云端', site: '站点', signOut: '退出登录', language: '语言', loading: '加载中…', empty: '暂无数据。', retry: '重试', skip: '跳到正文', edgeOnly: '此页面仅在站点的本地代理上提供，个人数据保存在那里。请在本地打开。', cloudOnly: '此页面仅在云端提供。在站点上，“驻留策略”页面显示最近一次云端审计。', notFound: '页面 {{path}} 不存在。请在侧栏中选择一个页面。', menu: '菜单', noSiteGranted: '还没有任何站点共享给您。请联系云端管理员为您授权站点，然后重新加载此页面。', noSiteEnrolled: '此云端尚无已注册的站点。请创建站点，用注册码注册其本地代理，然后重新加载此页面。', sitePending: '{{siteId}}（尚未注册）', siteRevoked: '{{siteId}}（已撤销）' },
  sync: { not_enrolled: '未注册', connecting: '连接中', connected: '已同步', offline: '离线', error: '同步出错', pending: '{{count}} 条待同步' },
  search: { open: '搜索 (Ctrl+K)', placeholder: '搜索联系人、公司、商机、工单', placeholderWithoutContacts: '搜索公司、商机、工单', none: '没有与“{{q}}”匹配的结果。', label: '全局搜索' },
  list: { search: '在此列表中搜索', columns: '列', filters: '筛选', views: '已保存视图', saveView: '保存视图', viewName: '视图名称', deleteView: '删除视图', export: '导出 CSV', exportXlsx: '导出 Excel', new: '新建', count: '{{count}} 条记录', sortAsc: '升序', sortDesc: '降序', clear: '清除筛选', noView: '全部记录', noMatch: '没有符合搜索或筛选条件的记录。', clearSearch: '清除搜索和筛选' },
  record: { edit: '编辑', save: '保存', cancel: '取消', delete: '删除', confirmDelete: '删除“{{title}}”？此操作无法撤销。', related: '相关记录', timeline: '时间线', create: '创建', created: '创建时间', notFound: '该记录不存在或已被删除。', untitled: '{{type}} …{{id}}', readOnly: '在云端为只读', addActivity: '记录活动', changedElsewhere: '在您打开此记录后，其他人修改了它。页面现在显示的是最新版本；请核对后再次保存您的修改。', newTitle: '新建{{type}}', personalHidden: '由于您的角色无权读取个人数据，个人字段已隐藏。' },
  residency: { mask: '已遮蔽', pseudonym: '已假名化', generalize: '已泛化' },
  rejection: { yours: '您对{{fields}}的修改未在站点生效：{{reason}}（{{time}}）。', byUser: '{{user}} 对{{fields}}的修改未在站点生效：{{reason}}（{{time}}）。', byCloud: '云端对{{fields}}的修改未在站点生效：{{reason}}（{{time}}）。', withheldField: '此处未显示的字段' },
  subject: { export: '导出个人数据', erase: '删除此人', eraseTitle: '删除“{{title}}”', removes: '此操作会从本站点保存的所有位置删除该联系人及其个人数据，包括记录的旧版本、记录历史、营销活动成员资格、提及此人的导入行、搜索索引以及云端副本。此操作无法撤销。', notRemoved: '在 Enclave CRM 之外制作的备份和副本（例如已下载的导出文件）不会被删除，请另行从中删除此人。', linked: '关联的活动和工单', linkedKeep: '保留，但去掉关联以及此人的姓名、邮箱和电话', linkedDelete: '一并删除', reason: '删除原因（记入审计日志）', typeToConfirm: '请输入联系人姓名“{{title}}”或单词 {{word}} 以确认', eraseNow: '永久删除', erasing: '正在删除并清理旧副本……大型站点可能需要一分钟左右。', erased: '已从本站点删除此人。', countLinked: '关联记录：删除 {{deleted}} 条，保留 {{kept}} 条（已去除此人信息）', countHistory: '已删除的记录历史条目：{{count}}', countImports: '导入：移除被拒绝的行 {{rows}} 行、撤销快照 {{snapshots}} 个，删除待导入的上传 {{uploads}} 个', cloud: { erased: '云端副本：已删除', pending: '云端副本：等待删除；站点会持续重试，直到云端确认', not_enrolled: '云端副本：无，因为站点尚未注册' }, close: '关闭' },
  pipeline: { owner: '销售人员', product: '产品', apply: '应用', moveHint: '聚焦商机后按左右方向键可移到相邻阶段。', moved: '已将“{{title}}”移到 {{stage}}。', shown: '显示 {{total}} 个中的 {{shown}} 个', more: '显示更多' },
  tasks: { mine: '我的任务', today: '今天到期', overdue: '已逾期', complete: '完成', completed: '已完成“{{subject}}”。', due: '到期' },
  import: { title: '导入记录', type: '记录类型', file: '文件', upload: '上传', sheet: '工作表', headerRow: '标题行', preview: '预览', mapping: '列映射', column: '列', field: '字段', skip: '不导入', dryRun: '检查数据', run: '开始导入', runRows_one: '导入 {{rows}} 行', runRows_other: '导入 {{rows}} 行', progress: '进度', report: '结果', rejected: '下载被拒绝的行', undo: '撤销导入', undone: '已撤销导入：删除 {{removed}} 条，恢复 {{restored}} 条，保留较新的修改 {{keptNewerEdits}} 处。', undoing: '正在撤销导入…', undoConflict: '此导入正在撤销或仍在运行。请稍候，然后重新加载页面查看其状态。', alreadyUndone: '此导入已撤销。', problems: '问题', noProblems: '未发现问题。', counts: '新建 {{created}}，更新 {{updated}}，跳过 {{skipped}}，失败 {{failed}}', onDuplicate: '与已有记录重复时', country: '默认电话国家', noCountry: '无：号码须带国家代码', countryHint: '不带国家代码的电话号码，若是该行国家的有效号码，就按该国读取，否则按默认电话国家读取。', commonCountries: '常用', allCountries: '所有国家和地区', again: '导入另一个文件', dateFormat: '日期格式', duplicateSkip: '跳过该行', duplicateUpdate: '更新该记录', duplicateMerge: '合并到该记录', fullName: '全名（拆分为名和姓）', companyName: '公司（按名称匹配）', parentCompanyName: '上级公司（按名称匹配）', byId: '{{label}}（记录编号）', wouldCount: '共 {{rows}} 行：将新建 {{created}}，更新 {{updated}}，跳过 {{skipped}}，拒绝 {{failed}}。', companiesWould: '还将新建 {{count}} 个缺失的公司。', companiesCreated: '已新建 {{count}} 个缺失的公司。', truncated: '仅列出前 {{shown}} 个问题。下载被拒绝的行可查看全部 {{failed}} 行。', createMissingCompanies: '新建缺失的公司', decimalSeparator: '小数分隔符', decimalPoint: '点（99.9）', decimalComma: '逗号（99,9）', encoding: '文件编码', encodings: { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', gb18030: 'GB18030（中文）', 'windows-1252': 'Windows-1252（西欧）' }, dedupeKeys: '查重依据', dedupeHint: '一行在任一选中的依据上与已有记录相同，即视为重复。全部不选则不查重。', savedMapping: '已保存的映射', noSavedMapping: '无', mappingName: '映射名称', saveMapping: '保存映射', deleteMapping: '删除映射', mappingSaved: '已保存映射“{{name}}”。', mappingDeleted: '已删除映射“{{name}}”。', earlier: '此文件已于 {{date}} 导入过。再次导入可能产生重复记录，或再次更新记录。', ambiguousDate: '此列的日期可按 {{formats}} 解读。请选择文件使用的格式。', chooseDateFormat: '请选择…', rowsOfAbout: '已处理 {{done}} 行，共约 {{total}} 行', rowsDone: '已处理 {{done}} 行', rate: '每秒 {{rate}} 行', failedSoFar: '目前已拒绝 {{failed}} 行', queued_one: '正在等待前一个导入完成；随后开始本次导入。', queued_other: '正在等待前面 {{count}} 个导入完成。' },
  importHistory: { title: '导入历史', newImport: '新建导入', empty: '还没有导入。在导入页面上传的文件会列在这里。', file: '文件', type: '记录类型', status: '状态', counts: '行数', started: '开始时间', finished: '完成时间', startedBy: '发起人', actions: '操作', you: '您', deletedUser: '已删除的用户', follow: '查看进度', progressOf: '“{{fileName}}”的导入', delete: '删除', confirmUndo: '撤销“{{fileName}}”的导入？由它新建的记录将被删除，由它更新的记录将恢复原值。', confirmDeleteUpload: '删除上传的文件“{{fileName}}”？该文件从未导入，因此记录不会改变。', confirmDeleteRun: '删除“{{fileName}}”的导入及其被拒绝的行？它写入的记录会保留，且不能再作为一次导入撤销。', deleted: '已从导入历史中删除“{{fileName}}”。', pages: '导入历史分页', previous: '上一页', next: '下一页', range: '第 {{first}}–{{last}} 个，共 {{total}} 个', statuses: { uploaded: '已上传，未导入', queued: '等待开始', running: '正在导入', done: '已完成', failed: '失败', undoing: '正在撤销', undone: '已撤销', deleted: '已删除' } },
  users: { title: '用户', new: '新建用户', username: '用户名', displayName: '显示名称', password: '密码', passwordHint: '至少 12 个字符，其中至少 4 个互不相同，且不能包含用户名。由几个词组成的密码短语是不错的选择。', resetPassword: '新密码', resetPasswordHint: '留空则保留当前密码。设置新密码后，该用户在所有地方都会被退出登录。', role: '角色', recordScope: '记录范围', scopeAll: '全部记录', scopeOwn: '仅本人的记录', sites: '站点', allSites: '全部站点', noSites: '还没有任何站点。', status: '状态', active: '正常', disabled: '已停用', locked: '已锁定', actions: '操作', create: '创建用户', created: '已创建用户“{{username}}”。', edit: '编辑', save: '保存', cancel: '取消', saved: '已保存对“{{username}}”的修改。', disable: '停用', enable: '启用', disabledDone: '已停用“{{username}}”。', enabledDone: '已启用“{{username}}”。', unlock: '解锁', unlocked: '已解锁“{{username}}”。', delete: '删除', deleted: '已删除用户“{{username}}”。', confirmDelete: '删除用户“{{username}}”？该用户将无法登录，其记录仍以其为负责人，且新账户不能再使用这个用户名。如需保留账户，请改为停用。此操作无法撤销。', confirmDisable: '停用“{{username}}”？其会话将结束，在管理员重新启用该账户之前无法登录。', empty: '还没有用户。点击“新建用户”创建。', you: '您', roleNames: { admin: '管理员', manager: '经理', agent: '专员', viewer: '只读用户' }, notAllowed: '您的角色无权打开此页面。如有需要，请联系管理员。', changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码', repeatPassword: '再次输入新密码', passwordsDiffer: '两次输入的新密码不一致；请输入相同的密码。', passwordChanged: '密码已修改。下次登录时请使用新密码。', saving: '保存中…' },
}

/** Languages the app speaks; the first is the fallback. */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const

const LANGUAGE_KEY = 'enclave.language'

function initialLanguage(): string {
  const saved = localStorage.getItem(LANGUAGE_KEY)
  if (saved) return saved
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

void i18next.init({
  lng: initialLanguage(),
  fallbackLng: 'en',
  resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
  interpolation: { escapeValue: false },
  initImmediate: false,
  showSupportNotice: false,
})

/** Translates `key` (`list.export`) with optional values. */
export function t(key: string, values?: Record<string, unknown>): string {
  return i18next.t(key, values)
}

/** Returns the current language code, which is also the Intl locale. */
export function currentLanguage(): string {
  return i18next.language
}

/** Switches the language, remembers it and calls `onChanged` so the app redraws. */
export function setLanguage(code: string): Promise<unknown> {
  localStorage.setItem(LANGUAGE_KEY, code)
  document.documentElement.lang = code
  return i18next.changeLanguage(code)
}

/** Formats a stored value of `field` for display in the current locale. */
export function formatValue(field: FieldDef | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return ''
  const locale = currentLanguage()
  if (!field) return String(value)

  if (field.kind === 'money' && typeof value === 'number') {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(value)
  }
  if (field.kind === 'number' && typeof value === 'number') return new Intl.NumberFormat(locale).format(value)
  if (field.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`))
  }
  if (field.kind === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))
  }
  if (field.kind === 'boolean') return value ? '✓' : '✗'
  if (field.kind === 'phone' && typeof value === 'string') return formatPhoneForDisplay(value)
  return String(value)
}

/** Formats an amount with its currency code, falling back to a plain number. */
export function formatMoney(amount: number, currency = 'USD'): string {
  try {
    return new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount)
  } catch {
    return new Intl.NumberFormat(currentLanguage()).format(amount)
  }
}
